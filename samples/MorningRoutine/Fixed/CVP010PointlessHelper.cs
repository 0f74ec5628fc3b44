using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>CVP010 fixed: we press the kettle's switch ourselves; the kettle does the waiting.</summary>
    public static class CVP010PointlessHelper
    {
        private static Task BoilWaterAsync(double litres, CancellationToken cancellationToken) =>
            Task.Delay(TimeSpan.FromMilliseconds(litres * 100), cancellationToken);

        /// <summary>Preparing breakfast: switch the kettle on and wait for it, no helper needed.</summary>
        public static async Task PutKettleOnAsync(double litres, CancellationToken cancellationToken)
        {
            await BoilWaterAsync(litres, cancellationToken);
        }

        /// <summary>Getting ready: the file system reads the to-do list while no thread waits.</summary>
        public static async Task<string> ReadToDoListAsync(string path)
        {
            return await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }

        /// <summary>The toaster needs nobody standing next to it.</summary>
        public static Task ToastBreadAsync(int slices) =>
            Task.Delay(slices * 50);
    }
}
