using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>CVP012 fixed: the tasks we wait for end when the work ends.</summary>
    public static class CVP012EmptyBreakfastTable
    {
        private static async Task PrepareBreakfastAsync()
        {
            await Task.Delay(300);
            Console.WriteLine("Breakfast is ready");
        }

        /// <summary>Task.Run understands async delegates: we sit down when breakfast is ready.</summary>
        public static async Task WaitForBreakfastAsync()
        {
            await Task.Run(async () => { Console.WriteLine("Kettle on"); await PrepareBreakfastAsync(); });
            Console.WriteLine("Sitting down to eat");
        }

        /// <summary>Unwrap keeps the factory's options and gives the task of the chore itself.</summary>
        public static Task StartChoresAsync()
        {
            var chores = new List<Task>();
            chores.Add(Task.Factory.StartNew(async () => { await Task.Delay(100); Console.WriteLine("Face washed"); }, TaskCreationOptions.LongRunning).Unwrap());
            chores.Add(Task.Run(async () => { await Task.Delay(200); Console.WriteLine("Dressed"); }));
            return Task.WhenAll(chores);
        }

        /// <summary>No cold task: start the async work and hand its task on.</summary>
        public static Task GetReady()
        {
            return Task.Run(async () => { await Task.Delay(100); Console.WriteLine("Ready"); });
        }
    }
}
