using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>Preparing breakfast in parallel, with every cook writing on the same note.</summary>
    public static class CVP050UnsynchronizedSharedWrite
    {
        private static int dishesUsed;

        /// <summary>Counts the calories of the breakfast items on many cores at once: some additions get lost.</summary>
        public static int CountCalories(IReadOnlyList<(string Name, int Calories)> breakfast)
        {
            var total = 0;
            Parallel.ForEach(breakfast, item =>
            {
                total += item.Calories; // expect: CVP050
                dishesUsed++; // expect: CVP050
            });
            return total;
        }

        /// <summary>Finds the heaviest fruit: the check and the write race with the other cooks.</summary>
        public static double HeaviestFruit(double[] grams)
        {
            double heaviest = 0;
            Parallel.For(0, grams.Length, i =>
            {
                if (grams[i] > heaviest)
                {
                    heaviest = grams[i]; // expect: CVP050
                }
            });
            return heaviest;
        }

        /// <summary>Counts the slices of toast per minute on the clock: two slices in the same minute collide.</summary>
        public static int[] ToastPerMinute(int[] toastedAtMinute)
        {
            var perMinute = new int[60];
            toastedAtMinute.AsParallel().ForAll(minute => perMinute[minute % 60]++); // expect: CVP050
            return perMinute;
        }

        public static int DishesUsed => dishesUsed;
    }
}
