using System;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>CVP021 fixed: while the kettle boils, the thread is free to get us ready.</summary>
    public static class CVP021SleepingKettle
    {
        /// <summary>Preparing breakfast: wait for the water without holding a thread, and stop if the morning is cancelled.</summary>
        public static async Task<string> MakeTeaAsync(CancellationToken cancellationToken)
        {
            Console.WriteLine("Kettle on");
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
            return "tea";
        }

        /// <summary>Going to the office: poll for the bus with an awaited pause.</summary>
        public static Func<Task<bool>> WaitForBus(Func<bool> busHasArrived)
        {
            return async () =>
            {
                while (!busHasArrived())
                {
                    await Task.Delay(200);
                    await Task.Yield();
                }

                return true;
            };
        }
    }
}
