using System;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>Breakfast is "prepared" but nobody can wait for it to be ready.</summary>
    public static class CVP060AsyncVoid
    {
        public static async void PrepareBreakfast() // expect: CVP060
        {
            await Task.Delay(30); // the kettle boils
            Console.WriteLine("Breakfast is ready");
        }

        public static void GetReadyAndEat()
        {
            async void WashFace() // expect: CVP060
            {
                await Task.Delay(10);
                Console.WriteLine("Face washed");
            }

            WashFace();
            PrepareBreakfast();
            Console.WriteLine("Eating breakfast... that is not ready yet");
        }

        /// <summary>An event handler must be void: not flagged.</summary>
        public static async void OnAlarmRang(object? sender, EventArgs e)
        {
            await Task.Delay(10);
            Console.WriteLine("Alarm handled");
        }
    }
}
