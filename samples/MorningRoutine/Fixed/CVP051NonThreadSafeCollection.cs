using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>The cooks share a bowl made for many hands, or take turns at the ordinary one.</summary>
    public static class CVP051NonThreadSafeCollection
    {
        private static readonly Dictionary<string, int> Pantry = new Dictionary<string, int>();

        /// <summary>A ConcurrentBag takes slices from many cooks at once (in no particular order).</summary>
        public static int SliceFruit(string[] fruit)
        {
            var bowl = new ConcurrentBag<string>();
            Parallel.ForEach(fruit, f =>
            {
                bowl.Add(f + " slices");
            });
            return bowl.Count;
        }

        /// <summary>The check and the Add happen together, one cook at a time.</summary>
        public static void TakeStock(string[] items)
        {
            var gate = new object();
            Parallel.ForEach(items, item =>
            {
                lock (gate)
                {
                    if (!Pantry.ContainsKey(item))
                    {
                        Pantry.Add(item, 1);
                    }
                }
            });
        }

        /// <summary>A ConcurrentQueue takes dishes from every thread of the query.</summary>
        public static int QueueDishes(string[] dishes)
        {
            var toDry = new ConcurrentQueue<string>();
            dishes.AsParallel().ForAll(d => toDry.Enqueue(d));
            return toDry.Count;
        }

        /// <summary>Each cook fills a bowl of their own; the bowls are combined afterwards.</summary>
        public static List<string> PeelFruit(string[] fruit)
        {
            return fruit.AsParallel().Select(f => f + " peeled").ToList();
        }
    }
}
