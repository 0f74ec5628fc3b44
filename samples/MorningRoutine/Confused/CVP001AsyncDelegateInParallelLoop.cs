using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>
    /// CVP001 — async delegates handed to parallel loops. Parallel.For/ForEach/Invoke and PLINQ's ForAll hire
    /// threads for CPU work and know nothing of tasks: an async body becomes async void, so the loop returns as
    /// soon as every body reaches its first await — while the kettle is still cold — and an exception thrown in
    /// a body crashes the process. Waiting for many things at once is concurrency, not parallelism.
    /// </summary>
    public static class CVP001AsyncDelegateInParallelLoop
    {
        private static readonly ConcurrentBag<string> Table = new ConcurrentBag<string>();

        /// <summary>The places laid on the table so far.</summary>
        public static IReadOnlyCollection<string> LaidPlaces => Table;

        /// <summary>Prepares every breakfast item "in parallel" — and returns before any of them is ready.</summary>
        public static void PrepareBreakfast(IEnumerable<string> breakfastItems, Func<string, Task> prepareAsync)
        {
            Parallel.ForEach(breakfastItems, async item => await prepareAsync(item)); // expect: CVP001
        }

        /// <summary>Gets ready and prepares breakfast "at the same time" — and leaves for the office at once.</summary>
        public static void GetReadyAndPrepareBreakfast(Func<Task> getReadyAsync, Func<Task> prepareBreakfastAsync)
        {
            Parallel.Invoke(async () => await getReadyAsync(), async () => await prepareBreakfastAsync()); // expect: CVP001
        }

        /// <summary>Toasts every slice, then counts the toast — before the toaster has popped.</summary>
        public static async Task<int> ToastSlicesAsync(Func<Task<int>> cutBreadAsync, Func<int, Task> toastSliceAsync)
        {
            int slices = await cutBreadAsync();
            var toasted = new ConcurrentBag<int>();
            Parallel.For(0, slices, async slice => // expect: CVP001
            {
                await toastSliceAsync(slice);
                toasted.Add(slice);
            });
            return toasted.Count;
        }

        /// <summary>Cooks the menu two dishes at a time — the options are honoured, the awaits are not.</summary>
        public static async Task<IReadOnlyCollection<string>> ServeBreakfastAsync(
            Func<Task<IReadOnlyList<string>>> readMenuAsync,
            Func<string, CancellationToken, Task> cookAsync,
            CancellationToken cancellationToken)
        {
            IReadOnlyList<string> menu = await readMenuAsync();
            var served = new ConcurrentQueue<string>();
            var options = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken };
            Parallel.ForEach(menu, options, async dish => // expect: CVP001
            {
                await cookAsync(dish, cancellationToken);
                served.Enqueue(dish);
            });
            return served;
        }

        /// <summary>Pours every cup through PLINQ — the cups are "full" before the kettle has boiled.</summary>
        public static void PourTea(IEnumerable<string> cups, Func<string, Task> pourAsync)
        {
            cups.AsParallel().ForAll(async cup => await pourAsync(cup)); // expect: CVP001
        }

        /// <summary>An async void method as the loop body: the same bug, harder to see.</summary>
        public static void LayTheTable(IEnumerable<string> places)
        {
            Parallel.ForEach(places, LayPlace); // expect: CVP001
        }

        private static async void LayPlace(string place) // expect: CVP060
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5));
            Table.Add(place);
        }
    }
}
