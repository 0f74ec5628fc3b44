using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Confused
{
    /// <summary>
    /// CVP010: a helper thread is hired only to press the kettle's switch. The kettle does the waiting
    /// anyway, so the hop to the thread pool buys nothing.
    /// </summary>
    public static class CVP010PointlessHelper
    {
        private static Task BoilWaterAsync(double litres, CancellationToken cancellationToken) =>
            Task.Delay(TimeSpan.FromMilliseconds(litres * 100), cancellationToken);

        /// <summary>Preparing breakfast: the helper presses the switch, then we wait for the helper.</summary>
        public static async Task PutKettleOnAsync(double litres, CancellationToken cancellationToken)
        {
            await Task.Run(() => BoilWaterAsync(litres, cancellationToken), cancellationToken); // expect: CVP010
        }

        /// <summary>Getting ready: reading today's to-do list through a helper who only opens the file.</summary>
        public static async Task<string> ReadToDoListAsync(string path)
        {
            return await Task.Run(async () => await File.ReadAllTextAsync(path)).ConfigureAwait(false); // expect: CVP010
        }

        /// <summary>The same pointless helper, hired through the task factory.</summary>
        public static Task ToastBreadAsync(int slices) =>
            Task.Factory.StartNew(() => Task.Delay(slices * 50)).Unwrap(); // expect: CVP010
    }
}
