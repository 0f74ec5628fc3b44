using System;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>
    /// CVP020: the breakfast routine is written async, yet it stands at the toaster and the pan,
    /// blocking its thread until each one is done.
    /// </summary>
    public static class CVP020StaringAtTheToaster
    {
        private static readonly SemaphoreSlim Table = new SemaphoreSlim(1, 1);

        public static async Task<string> PrepareBreakfastAsync()
        {
            Task<string> toast = ToastAsync(2);
            Task<string> eggs = FryEggsAsync(2);
            Task.WaitAll(toast, eggs); // expect: CVP020
            await Task.Yield();
            return toast.Result + " and " + eggs.Result;
        }

        public static async Task EatBreakfastAsync(CancellationToken cancellationToken)
        {
            Table.Wait(cancellationToken); // expect: CVP020
            try
            {
                string coffee = BrewCoffeeAsync().Result; // expect: CVP020
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
            Task.WaitAny(bus, walk); // expect: CVP020
            await Task.Yield();
            LockTheDoorAsync().GetAwaiter().GetResult(); // expect: CVP020
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
