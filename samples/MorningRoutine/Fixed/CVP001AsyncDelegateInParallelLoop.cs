using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>
    /// CVP001 written right: waiting for many things at once is awaited — Parallel.ForEachAsync,
    /// Parallel.ForAsync or Task.WhenAll — so nobody sits down to eat before breakfast is ready.
    /// </summary>
    public static class CVP001AsyncDelegateInParallelLoop
    {
        private static readonly ConcurrentBag<string> Table = new ConcurrentBag<string>();

        /// <summary>The places laid on the table so far.</summary>
        public static IReadOnlyCollection<string> LaidPlaces => Table;

        /// <summary>Prepares every breakfast item at once and completes when all of them are ready.</summary>
        public static Task PrepareBreakfastAsync(IEnumerable<string> breakfastItems, Func<string, Task> prepareAsync) =>
            Parallel.ForEachAsync(breakfastItems, async (item, cancellationToken) => await prepareAsync(item));

        /// <summary>Gets ready and prepares breakfast at the same time; completes when both are done.</summary>
        public static Task GetReadyAndPrepareBreakfastAsync(Func<Task> getReadyAsync, Func<Task> prepareBreakfastAsync) =>
            Task.WhenAll(getReadyAsync(), prepareBreakfastAsync());

        /// <summary>Toasts every slice, then counts the toast once the toaster has popped.</summary>
        public static async Task<int> ToastSlicesAsync(Func<Task<int>> cutBreadAsync, Func<int, Task> toastSliceAsync)
        {
            int slices = await cutBreadAsync();
            var toasted = new ConcurrentBag<int>();
            await Parallel.ForAsync(0, slices, async (slice, cancellationToken) =>
            {
                await toastSliceAsync(slice);
                toasted.Add(slice);
            });
            return toasted.Count;
        }

        /// <summary>Cooks the menu two dishes at a time and serves when every dish is done.</summary>
        public static async Task<IReadOnlyCollection<string>> ServeBreakfastAsync(
            Func<Task<IReadOnlyList<string>>> readMenuAsync,
            Func<string, CancellationToken, Task> cookAsync,
            CancellationToken cancellationToken)
        {
            IReadOnlyList<string> menu = await readMenuAsync();
            var served = new ConcurrentQueue<string>();
            var options = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(menu, options, async (dish, token) =>
            {
                await cookAsync(dish, token);
                served.Enqueue(dish);
            });
            return served;
        }

        /// <summary>Pours every cup and completes when all are full.</summary>
        public static Task PourTeaAsync(IEnumerable<string> cups, Func<string, Task> pourAsync) =>
            Task.WhenAll(cups.Select(pourAsync));

        /// <summary>Lays every place and completes when the table is laid.</summary>
        public static Task LayTheTableAsync(IEnumerable<string> places) =>
            Parallel.ForEachAsync(places, (place, cancellationToken) => new ValueTask(LayPlaceAsync(place, cancellationToken)));

        private static async Task LayPlaceAsync(string place, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            Table.Add(place);
        }
    }
}
