using System.Linq;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>"Cooking and ironing at once" — really one after the other, on one thread.</summary>
    public static class CVP040AsyncWithoutAwait
    {
#pragma warning disable CS1998 // the point of this sample: async methods that never await
        private static async Task<int> CookBreakfast()
        {
            var calories = 0;
            for (var i = 0; i < 1_000_000; i++)
            {
                calories += i % 7;
            }

            return calories;
        }

        private static async Task<string> IronShirt()
        {
            var creases = 0;
            for (var i = 0; i < 1_000_000; i++)
            {
                creases ^= i;
            }

            return "shirt with " + creases + " creases";
        }

        public static async Task<int> GetReadyAsync()
        {
            var results = await Task.WhenAll(CookBreakfast(), CookBreakfast()); // expect: CVP040, CVP040
            await Task.WhenAll(IronShirt()); // expect: CVP040
            return results.Sum();
        }

        public static async Task<int[]> SliceBreadAsync(int[] loaves)
        {
            return await Task.WhenAll(loaves.Select(async loaf => Enumerable.Range(0, loaf).Sum())); // expect: CVP040
        }
#pragma warning restore CS1998
    }
}
