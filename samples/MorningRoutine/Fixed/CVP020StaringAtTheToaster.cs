using System;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>
    /// CVP020 fixed: toast and eggs cook at the same time and the routine awaits them, giving its
    /// thread back while it waits.
    /// </summary>
    public static class CVP020StaringAtTheToaster
    {
        private static readonly SemaphoreSlim Table = new SemaphoreSlim(1, 1);

        public static async Task<string> PrepareBreakfastAsync()
        {
            Task<string> toast = ToastAsync(2);
            Task<string> eggs = FryEggsAsync(2);
            await Task.WhenAll(toast, eggs);

            // Both tasks are known complete here: reading Result no longer blocks.
            return toast.Result + " and " + eggs.Result;
        }

        public static async Task EatBreakfastAsync(CancellationToken cancellationToken)
        {
            await Table.WaitAsync(cancellationToken);
            try
            {
                string coffee = await BrewCoffeeAsync();
                Console.WriteLine("Drinking " + coffee);
                await Task.Delay(10, cancellationToken);
            }
            finally
            {
                Table.Release();
            }
        }

        public static async Task GoToTheOfficeAsync()
        {
            Task bus = Task.Delay(20);
            Task walk = Task.Delay(30);
            await Task.WhenAny(bus, walk);
            await LockTheDoorAsync();
        }

        private static async Task<string> ToastAsync(int slices)
        {
            await Task.Delay(10);
            return slices + " slices of toast";
        }

        private static async Task<string> FryEggsAsync(int count)
        {
            await Task.Delay(10);
            return count + " eggs";
        }

        private static async Task<string> BrewCoffeeAsync()
        {
            await Task.Delay(10);
            return "coffee";
        }

        private static Task LockTheDoorAsync() => Task.Delay(5);
    }
}
