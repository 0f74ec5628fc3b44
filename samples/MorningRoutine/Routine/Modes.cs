using System;
using System.Threading.Tasks;

namespace MorningRoutine.Routine
{
    /// <summary>The same routine done three ways. Each returns its recorded <see cref="Timeline"/>.</summary>
    public static class Modes
    {
        /// <summary>
        /// One person, strictly in order, standing by while the kettle boils and the train runs:
        /// every wait holds the thread.
        /// </summary>
        public static Timeline RunSequential(Durations durations)
        {
            var timeline = new Timeline("sequential — one person, one step after another, standing by every wait");
            var steps = new RoutineSteps(timeline, durations);

            steps.WashFace();                 // 1. get ready
            steps.IronShirt();
            steps.BoilKettleBlocking();       // 2. prepare breakfast, watching the kettle
            steps.ToastBreadBlocking();
            steps.SliceFruit();
            steps.EatBreakfast();             // 3. eat
            steps.CommuteBlocking();          // 4. go to the office

            timeline.Finish();
            return timeline;
        }

        /// <summary>
        /// One person (one thread) dealing with many things at once: put the kettle on and the bread in the
        /// toaster, wash your face and iron while they work. Waits overlap; computations never do.
        /// </summary>
        public static async Task<Timeline> RunConcurrentAsync(Durations durations)
        {
            var timeline = new Timeline("concurrent — one person (one thread) overlaps the waits with async");
            var steps = new RoutineSteps(timeline, durations);
            await SingleThreadWorker.RunAsync(() => ConcurrentMorningAsync(steps, timeline));
            return timeline;
        }

        /// <summary>
        /// Two people doing things at once: one gets ready on another core while the other prepares
        /// breakfast. Computations overlap too.
        /// </summary>
        public static async Task<Timeline> RunParallelAsync(Durations durations)
        {
            var timeline = new Timeline("parallel — two people: getting ready runs on another core while breakfast is made");
            var steps = new RoutineSteps(timeline, durations);
            await ParallelMorningAsync(steps, timeline);
            return timeline;
        }

        private static async Task ConcurrentMorningAsync(RoutineSteps steps, Timeline timeline)
        {
            Task kettle = steps.BoilKettleAsync();     // put the kettle on…
            Task toast = steps.ToastBreadAsync();      // …and the bread in the toaster
            steps.WashFace();                          // wash your face while the water boils
            steps.IronShirt();
            steps.SliceFruit();
            await Task.WhenAll(kettle, toast);         // breakfast is ready when the machines are done
            steps.EatBreakfast();                      // eating needs breakfast prepared
            await steps.CommuteAsync();                // the office needs you ready and fed
            timeline.Finish();                         // at the office: the clock stops here, not when the caller looks
        }

        private static async Task ParallelMorningAsync(RoutineSteps steps, Timeline timeline)
        {
            Task gettingReady = Task.Run(() =>         // the second person: CPU work on another core
            {
                steps.WashFace();
                steps.IronShirt();
            });
            Task kettle = steps.BoilKettleAsync();
            Task toast = steps.ToastBreadAsync();
            steps.SliceFruit();                        // the first person slices while the machines work
            await Task.WhenAll(gettingReady, kettle, toast);
            steps.EatBreakfast();
            await steps.CommuteAsync();
            timeline.Finish();
        }
    }
}
