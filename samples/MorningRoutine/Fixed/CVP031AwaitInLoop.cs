using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>All the eggs go into the pot together; results come back in the same order.</summary>
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
            boiled.AddRange(await Task.WhenAll(eggs.Select(egg => egg.BoilAsync(minutes))));
            return boiled;
        }

        public static async Task WarmPlatesAsync(string[] plates, CancellationToken cancellationToken)
        {
            await Task.WhenAll(plates.Select(plate => WarmPlateAsync(plate, cancellationToken)));
        }
    }
}
