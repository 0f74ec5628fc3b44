using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>
    /// CVP022 fixed: the file calls are awaited, so the thread is free while the disk works —
    /// like getting ready while the toast browns.
    /// </summary>
    public static class CVP022ToasterLeverHeldDown
    {
        public static async Task<int> ReadBreakfastRecipeAsync(string path, CancellationToken cancellationToken)
        {
            string recipe = await File.ReadAllTextAsync(path, cancellationToken);
            await Task.Delay(10, cancellationToken);
            return recipe.Length;
        }

        public static async Task NoteWhatIsMissingAsync(string path, string item)
        {
            await Task.Yield();
            await File.AppendAllTextAsync(path, item + Environment.NewLine);
        }

        public static async Task<string?> ReadFirstErrandAsync(string path)
        {
            using var reader = new StreamReader(path);
            await Task.Yield();
            return await reader.ReadLineAsync();
        }
    }
}
