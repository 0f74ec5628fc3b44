using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>Preparing breakfast in parallel, each cook keeping a private note or taking turns at the shared one.</summary>
    public static class CVP050UnsynchronizedSharedWrite
    {
        private static int dishesUsed;

        /// <summary>Each worker sums its own items (localInit), then adds its subtotal once (localFinally).</summary>
        public static int CountCalories(IReadOnlyList<(string Name, int Calories)> breakfast)
        {
            var total = 0;
            Parallel.ForEach(
                breakfast,
                () => 0,
                (item, state, subtotal) =>
                {
                    Interlocked.Increment(ref dishesUsed);
                    return subtotal + item.Calories;
                },
                subtotal => Interlocked.Add(ref total, subtotal));
            return total;
        }

        /// <summary>The check and the write happen together, one cook at a time.</summary>
        public static double HeaviestFruit(double[] grams)
        {
            double heaviest = 0;
            var gate = new object();
            Parallel.For(0, grams.Length, i =>
            {
                lock (gate)
                {
                    if (grams[i] > heaviest)
                    {
                        heaviest = grams[i];
                    }
                }
            });
            return heaviest;
        }

        /// <summary>Each increment of a minute's counter is atomic.</summary>
        public static int[] ToastPerMinute(int[] toastedAtMinute)
        {
            var perMinute = new int[60];
            toastedAtMinute.AsParallel().ForAll(minute => Interlocked.Increment(ref perMinute[minute % 60]));
            return perMinute;
        }

        /// <summary>Every iteration writes only its own slot: nothing to coordinate.</summary>
        public static int[] CaloriesPerItem(IReadOnlyList<(string Name, int Calories)> breakfast)
        {
            var calories = new int[breakfast.Count];
            Parallel.For(0, breakfast.Count, i => { calories[i] = breakfast[i].Calories; });
            return calories;
        }

        public static int DishesUsed => dishesUsed;
    }
}
