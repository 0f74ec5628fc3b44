using System.Linq;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>CPU work put on other threads with Task.Run really runs at the same time.</summary>
    public static class CVP040AsyncWithoutAwait
    {
        private static int CookBreakfast()
        {
            var calories = 0;
            for (var i = 0; i < 1_000_000; i++)
            {
                calories += i % 7;
            }

            return calories;
        }

        private static string IronShirt()
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
            var results = await Task.WhenAll(Task.Run(() => CookBreakfast()), Task.Run(() => CookBreakfast()));
            await Task.WhenAll(Task.Run(() => IronShirt()));
            return results.Sum();
        }

        public static async Task<int[]> SliceBreadAsync(int[] loaves)
        {
            return await Task.WhenAll(loaves.Select(loaf => Task.Run(() => Enumerable.Range(0, loaf).Sum())));
        }
    }
}
