using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>
    /// CVP012: the helper reports "breakfast is done" the moment the kettle is switched on: StartNew and
    /// new Task end at the async delegate's first await, so we sit down at an empty table.
    /// </summary>
    public static class CVP012EmptyBreakfastTable
    {
        private static async Task PrepareBreakfastAsync()
        {
            await Task.Delay(300);
            Console.WriteLine("Breakfast is ready");
        }

        /// <summary>Awaiting the outer task waits only until the kettle is on.</summary>
        public static async Task WaitForBreakfastAsync()
        {
            await Task.Factory.StartNew(async () => { Console.WriteLine("Kettle on"); await PrepareBreakfastAsync(); }); // expect: CVP012
            Console.WriteLine("Sitting down to eat");
        }

        /// <summary>A list of morning chores whose tasks end too early.</summary>
        public static Task StartChoresAsync()
        {
            var chores = new List<Task>();
            chores.Add(Task.Factory.StartNew(async () => { await Task.Delay(100); Console.WriteLine("Face washed"); }, TaskCreationOptions.LongRunning)); // expect: CVP012
            chores.Add(Task.Factory.StartNew(async () => { await Task.Delay(200); Console.WriteLine("Dressed"); })); // expect: CVP012
            return Task.WhenAll(chores);
        }

        /// <summary>A cold task around an async lambda: async void in disguise.</summary>
        public static Task GetReady()
        {
            var getReady = new Task(async () => { await Task.Delay(100); Console.WriteLine("Ready"); }); // expect: CVP012
            getReady.Start();
            return getReady;
        }
    }
}
