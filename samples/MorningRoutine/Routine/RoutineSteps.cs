using System;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Routine
{
    /// <summary>
    /// The morning routine's steps, each recording itself on a <see cref="Timeline"/>. Computing steps do real
    /// CPU work on the calling thread; the machines' steps come in two flavours: awaited (<c>…Async</c>: the
    /// thread is free while the kettle boils) and blocking (<c>…Blocking</c>: the thread sleeps beside it).
    /// </summary>
    public sealed class RoutineSteps
    {
        private readonly Timeline timeline;
        private readonly Durations durations;

        public RoutineSteps(Timeline timeline, Durations durations)
        {
            this.timeline = timeline;
            this.durations = durations;
        }

        // ---- computing: you are busy -------------------------------------------------------

        public void WashFace() => Compute(StepNames.WashFace, durations.WashFace);

        public void IronShirt() => Compute(StepNames.IronShirt, durations.IronShirt);

        public void SliceFruit() => Compute(StepNames.SliceFruit, durations.SliceFruit);

        public void EatBreakfast() => Compute(StepNames.EatBreakfast, durations.EatBreakfast);

        // ---- waiting, awaited: the machine works, you are free ---------------------------------

        public Task BoilKettleAsync() => AwaitDelayAsync(StepNames.BoilKettle, durations.BoilKettle);

        public Task ToastBreadAsync() => AwaitDelayAsync(StepNames.ToastBread, durations.ToastBread);

        public Task CommuteAsync() => AwaitDelayAsync(StepNames.Commute, durations.Commute);

        // ---- waiting, blocking: the machine works, you stand beside it -------------------------

        public void BoilKettleBlocking() => SleepThrough(StepNames.BoilKettle, durations.BoilKettle);

        public void ToastBreadBlocking() => SleepThrough(StepNames.ToastBread, durations.ToastBread);

        public void CommuteBlocking() => SleepThrough(StepNames.Commute, durations.Commute);

        private void Compute(string name, TimeSpan duration)
        {
            var thread = Environment.CurrentManagedThreadId;
            var start = timeline.Now;
            CpuWork.Run(duration);
            timeline.Record(name, StepKind.Compute, start, timeline.Now, thread, thread);
        }

        private void SleepThrough(string name, TimeSpan duration)
        {
            var thread = Environment.CurrentManagedThreadId;
            var start = timeline.Now;
            Thread.Sleep(duration);
            timeline.Record(name, StepKind.Block, start, timeline.Now, thread, thread);
        }

        private async Task AwaitDelayAsync(string name, TimeSpan duration)
        {
            var startThread = Environment.CurrentManagedThreadId;
            var start = timeline.Now;

            // No ConfigureAwait(false): in the concurrent mode the one worker comes back to the kettle itself.
            await Task.Delay(duration);
            timeline.Record(name, StepKind.Await, start, timeline.Now, startThread, Environment.CurrentManagedThreadId);
        }
    }
}
