using System;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>
    /// CVP021: the routine is async, yet we stand in front of the kettle staring at it: Thread.Sleep
    /// holds the thread for the whole wait instead of giving it back.
    /// </summary>
    public static class CVP021SleepingKettle
    {
        /// <summary>Preparing breakfast: wait for the water to boil by blocking the thread.</summary>
        public static async Task<string> MakeTeaAsync(CancellationToken cancellationToken)
        {
            Console.WriteLine("Kettle on");
            Thread.Sleep(TimeSpan.FromMilliseconds(300)); // expect: CVP021
            return await Task.FromResult("tea");
        }

        /// <summary>Going to the office: polling for the bus with a blocking pause in an async lambda.</summary>
        public static Func<Task<bool>> WaitForBus(Func<bool> busHasArrived)
        {
            return async () =>
            {
                while (!busHasArrived())
                {
                    Thread.Sleep(200); // expect: CVP021
                    await Task.Yield();
                }

                return true;
            };
        }
    }
}
