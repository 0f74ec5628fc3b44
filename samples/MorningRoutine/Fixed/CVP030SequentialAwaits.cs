using System;
using System.Threading.Tasks;

namespace MorningRoutine.Fixed
{
    /// <summary>Kettle and toaster wait at the same time; results are read in the same order.</summary>
    public static class CVP030SequentialAwaits
    {
        private sealed class Kettle
        {
            public async Task<int> BoilAsync() { await Task.Delay(50); return 100; }
        }

        private sealed class Toaster
        {
            public async Task<string> ToastAsync(int slices) { await Task.Delay(40); return slices + " slices of toast"; }
        }

        private sealed class Shower
        {
            public async Task<bool> RunAsync(int minutes) { await Task.Delay(minutes * 10); return true; }
        }

        private sealed class Wardrobe
        {
            public async Task<string> PickOutfitAsync() { await Task.Delay(20); return "suit"; }
        }

        public static async Task<string> PrepareBreakfastAsync()
        {
            var kettle = new Kettle();
            var toaster = new Toaster();
            var waterTask = kettle.BoilAsync();
            var toastTask = toaster.ToastAsync(2);
            await Task.WhenAll(waterTask, toastTask);
            var water = await waterTask;
            string toast = await toastTask;
            return "tea at " + water + " degrees with " + toast;
        }

        public static async Task GetReadyAsync(int minutes)
        {
            var shower = new Shower();
            var wardrobe = new Wardrobe();
            bool clean;
            string outfit;
            var cleanTask = shower.RunAsync(minutes);
            var outfitTask = wardrobe.PickOutfitAsync();
            await Task.WhenAll(cleanTask, outfitTask).ConfigureAwait(false);
            clean = await cleanTask.ConfigureAwait(false);
            outfit = await outfitTask.ConfigureAwait(false);
            Console.WriteLine(clean ? "Clean, wearing a " + outfit : "Still sleepy");
        }
    }
}
