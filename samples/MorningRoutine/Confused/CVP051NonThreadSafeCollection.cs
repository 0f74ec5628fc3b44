using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>Several cooks dropping their work into one ordinary bowl at the same moment.</summary>
    public static class CVP051NonThreadSafeCollection
    {
        private static readonly Dictionary<string, int> Pantry = new Dictionary<string, int>();

        /// <summary>Slices fruit in parallel into a shared List: slices get lost, or the list throws.</summary>
        public static int SliceFruit(string[] fruit)
        {
            var bowl = new List<string>();
            Parallel.ForEach(fruit, f =>
            {
                bowl.Add(f + " slices"); // expect: CVP051
            });
            return bowl.Count;
        }

        /// <summary>Takes stock of the pantry in parallel: the Dictionary's buckets get corrupted.</summary>
        public static void TakeStock(string[] items)
        {
            Parallel.ForEach(items, item =>
            {
                if (!Pantry.ContainsKey(item))
                {
                    Pantry.Add(item, 1); // expect: CVP051
                }
            });
        }

        /// <summary>Queues the dishes to dry from a parallel query.</summary>
        public static int QueueDishes(string[] dishes)
        {
            var toDry = new Queue<string>();
            dishes.AsParallel().ForAll(d => toDry.Enqueue(d)); // expect: CVP051
            return toDry.Count;
        }
    }
}
