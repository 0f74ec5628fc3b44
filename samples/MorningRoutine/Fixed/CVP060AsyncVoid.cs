using System;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>Breakfast returns a task, so eating waits until it is ready.</summary>
    public static class CVP060AsyncVoid
    {
        public static async Task PrepareBreakfast()
        {
            await Task.Delay(30); // the kettle boils
            Console.WriteLine("Breakfast is ready");
        }

        public static async Task GetReadyAndEat()
        {
            async Task WashFace()
            {
                await Task.Delay(10);
                Console.WriteLine("Face washed");
            }

            await WashFace();
            await PrepareBreakfast();
            Console.WriteLine("Eating breakfast that is ready");
        }

        /// <summary>An event handler must be void: not flagged.</summary>
        public static async void OnAlarmRang(object? sender, EventArgs e)
        {
            await Task.Delay(10);
            Console.WriteLine("Alarm handled");
        }
    }
}
