using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>Boiling the eggs one at a time, standing at the stove for each.</summary>
    public static class CVP031AwaitInLoop
    {
        private sealed class Egg
        {
            public Egg(int size) => Size = size;

            public int Size { get; }

            public async Task<string> BoilAsync(int minutes) { await Task.Delay(minutes * 10); return "egg of size " + Size; }
        }

        private static async Task WarmPlateAsync(string plate, CancellationToken cancellationToken) =>
            await Task.Delay(10, cancellationToken);

        public static async Task<List<string>> BoilEggsAsync(int minutes)
        {
            var eggs = new List<Egg> { new Egg(1), new Egg(2), new Egg(3) };
            var boiled = new List<string>();
            foreach (var egg in eggs) // expect: CVP031
            {
                var result = await egg.BoilAsync(minutes);
                boiled.Add(result);
            }

            return boiled;
        }

        public static async Task WarmPlatesAsync(string[] plates, CancellationToken cancellationToken)
        {
            foreach (var plate in plates) // expect: CVP031
            {
                await WarmPlateAsync(plate, cancellationToken);
            }
        }
    }
}
