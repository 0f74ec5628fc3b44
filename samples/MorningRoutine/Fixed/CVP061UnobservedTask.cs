using System;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>The kettle is awaited before the tea is made; a deliberate fire-and-forget says so.</summary>
    public static class CVP061UnobservedTask
    {
        private static async Task BoilKettleAsync()
        {
            await Task.Delay(30);
            Console.WriteLine("Water boiled");
        }

        private static Task<string> ToastBreadAsync() => Task.Run(() => "toast");

        public static async Task PrepareBreakfastAsync()
        {
            var boiling = BoilKettleAsync();
            var toast = await ToastBreadAsync();
            await boiling;
            Console.WriteLine("Making tea with boiled water and " + toast);
        }

        public static void LeaveForOffice()
        {
            _ = Task.Run(() => Console.WriteLine("Sending a 'leaving now' message nobody needs to wait for"));
            Console.WriteLine("Leaving");
        }
    }
}
