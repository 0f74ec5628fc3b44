using System;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>The kettle is put on and nobody ever comes back for it.</summary>
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
            BoilKettleAsync(); // expect: CVP061
            ToastBreadAsync(); // expect: CVP061
            await Task.Delay(10);
            Console.WriteLine("Making tea with water that may still be cold");
        }

        public static void LeaveForOffice()
        {
            Task.Delay(100); // expect: CVP061
            Console.WriteLine("Leaving without waiting for anything");
        }
    }
}
