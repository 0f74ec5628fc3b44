using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>
    /// CVP022: the routine is async, yet it reads the recipe and writes the shopping list with
    /// synchronous file calls, holding its thread for every disk wait.
    /// </summary>
    public static class CVP022ToasterLeverHeldDown
    {
        public static async Task<int> ReadBreakfastRecipeAsync(string path, CancellationToken cancellationToken)
        {
            string recipe = File.ReadAllText(path); // expect: CVP022
            await Task.Delay(10, cancellationToken);
            return recipe.Length;
        }

        public static async Task NoteWhatIsMissingAsync(string path, string item)
        {
            await Task.Yield();
            File.AppendAllText(path, item + Environment.NewLine); // expect: CVP022
        }

        public static async Task<string?> ReadFirstErrandAsync(string path)
        {
            using var reader = new StreamReader(path);
            await Task.Yield();
            return reader.ReadLine(); // expect: CVP022
        }
    }
}
