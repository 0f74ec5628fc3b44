using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Routine
{
    /// <summary>
    /// What one run of a confused (or fixed) variant showed: when the caller moved on, believing the work
    /// done, and when the work really was done.
    /// </summary>
    public sealed record ConfusedOutcome(Timeline Timeline, TimeSpan CallerMovedOn, TimeSpan WorkDone)
    {
        /// <summary>The bug made visible: the caller moved on before the work was done.</summary>
        public bool MovedOnTooEarly => CallerMovedOn < WorkDone;

        public string Verdict => MovedOnTooEarly
            ? "moved on at " + TimelineChart.Milliseconds(CallerMovedOn) + ", but the work was done only at " + TimelineChart.Milliseconds(WorkDone) + " — nobody waited for it"
            : "moved on at " + TimelineChart.Milliseconds(CallerMovedOn) + ", after the work was done at " + TimelineChart.Milliseconds(WorkDone);
    }

    /// <summary>A Confused/ case that the program can run, next to its Fixed/ counterpart.</summary>
    public sealed class ConfusedVariant
    {
        public ConfusedVariant(string name, string ruleId, string story, Func<Durations, Task<ConfusedOutcome>> runConfused, Func<Durations, Task<ConfusedOutcome>> runFixed)
        {
            Name = name;
            RuleId = ruleId;
            Story = story;
            RunConfusedAsync = runConfused;
            RunFixedAsync = runFixed;
        }

        /// <summary>Selects the variant on the command line, e.g. <c>CVP001-foreach</c>.</summary>
        public string Name { get; }

        public string RuleId { get; }

        /// <summary>What goes wrong and what to look for in the chart.</summary>
        public string Story { get; }

        public Func<Durations, Task<ConfusedOutcome>> RunConfusedAsync { get; }

        public Func<Durations, Task<ConfusedOutcome>> RunFixedAsync { get; }
    }

    /// <summary>
    /// The registry of runnable confused variants. To add one for a rule: write the case in
    /// Confused/CVPxxx….cs and Fixed/CVPxxx….cs, then append an entry to <see cref="All"/> whose two runners
    /// call them through <c>RecordAsync</c>, with steps that record on the timeline.
    /// </summary>
    public static class ConfusedVariants
    {
        private static readonly string[] BreakfastItems = { "tea", "toast", "fruit" };

        public static IReadOnlyList<ConfusedVariant> All { get; } = new[]
        {
            new ConfusedVariant(
                "CVP001-foreach",
                "CVP001",
                "Parallel.ForEach(breakfastItems, async item => await PrepareAsync(item)): the async body runs as async void,"
                + " so the loop returns as soon as each item reaches its first await — look for the '*' of the loop's return"
                + " standing before the kettle and the toaster are done.",
                durations => PrepareBreakfastItemsAsync(durations, writtenRight: false),
                durations => PrepareBreakfastItemsAsync(durations, writtenRight: true)),
            new ConfusedVariant(
                "CVP001-invoke",
                "CVP001",
                "Parallel.Invoke(async () => await GetReadyAsync(), async () => await PrepareBreakfastAsync()): both actions"
                + " return at their first await, so you leave for the office unwashed and unfed — look for the '*' before"
                + " the bars end.",
                durations => GetReadyAndPrepareBreakfastAsync(durations, writtenRight: false),
                durations => GetReadyAndPrepareBreakfastAsync(durations, writtenRight: true)),
        };

        /// <summary>The variants whose name or rule ID starts with <paramref name="filter"/> (all when null).</summary>
        public static IReadOnlyList<ConfusedVariant> Matching(string? filter) =>
            All.Where(v => filter is null
                    || v.Name.StartsWith(filter, StringComparison.OrdinalIgnoreCase)
                    || v.RuleId.StartsWith(filter, StringComparison.OrdinalIgnoreCase))
               .ToList();

        private static Task<ConfusedOutcome> PrepareBreakfastItemsAsync(Durations durations, bool writtenRight)
        {
            const string Ready = "breakfast is really ready";
            return writtenRight
                ? RecordAsync(
                    "fixed — await Parallel.ForEachAsync(breakfastItems, …)", durations, BreakfastItems.Length, Ready, "Parallel.ForEachAsync completed: sit down to eat",
                    (steps, tracker) => Fixed.CVP001AsyncDelegateInParallelLoop.PrepareBreakfastAsync(BreakfastItems, tracker.Track<string>(item => PrepareItemAsync(steps, item))))
                : RecordAsync(
                    "confused — Parallel.ForEach(breakfastItems, async item => …)  [CVP001]", durations, BreakfastItems.Length, Ready, "Parallel.ForEach returned: sit down to eat?",
                    (steps, tracker) =>
                    {
                        Confused.CVP001AsyncDelegateInParallelLoop.PrepareBreakfast(BreakfastItems, tracker.Track<string>(item => PrepareItemAsync(steps, item)));
                        return Task.CompletedTask;
                    });
        }

        private static Task<ConfusedOutcome> GetReadyAndPrepareBreakfastAsync(Durations durations, bool writtenRight)
        {
            const string Ready = "ready and breakfast made";
            return writtenRight
                ? RecordAsync(
                    "fixed — await Task.WhenAll(GetReadyAsync(), PrepareBreakfastAsync())", durations, 2, Ready, "Task.WhenAll completed: leave for the office",
                    (steps, tracker) => Fixed.CVP001AsyncDelegateInParallelLoop.GetReadyAndPrepareBreakfastAsync(
                        tracker.Track(() => GetReadyAsync(steps)), tracker.Track(() => PrepareBreakfastAsync(steps))))
                : RecordAsync(
                    "confused — Parallel.Invoke(async () => …, async () => …)  [CVP001]", durations, 2, Ready, "Parallel.Invoke returned: leave for the office?",
                    (steps, tracker) =>
                    {
                        Confused.CVP001AsyncDelegateInParallelLoop.GetReadyAndPrepareBreakfast(
                            tracker.Track(() => GetReadyAsync(steps)), tracker.Track(() => PrepareBreakfastAsync(steps)));
                        return Task.CompletedTask;
                    });
        }

        /// <summary>
        /// Runs one side of a variant: <paramref name="callAsync"/> calls the Confused/ or Fixed/ code, handing it
        /// work wrapped by the tracker, and returns when that code hands control back — the moment the caller moves
        /// on. Then waits until the tracker says the work is really done.
        /// </summary>
        private static async Task<ConfusedOutcome> RecordAsync(
            string title, Durations durations, int pieces, string doneText, string movedOnText, Func<RoutineSteps, CompletionTracker, Task> callAsync)
        {
            var timeline = new Timeline(title);
            var steps = new RoutineSteps(timeline, durations);
            var tracker = new CompletionTracker(timeline, pieces, doneText);
            await callAsync(steps, tracker);
            var movedOn = timeline.Mark(movedOnText);
            var done = await tracker.WaitAsync();
            timeline.Finish();
            return new ConfusedOutcome(timeline, movedOn.At, done);
        }

        private static Task GetReadyAsync(RoutineSteps steps) => Task.Run(() =>
        {
            steps.WashFace();
            steps.IronShirt();
        });

        private static Task PrepareBreakfastAsync(RoutineSteps steps) =>
            Task.WhenAll(steps.BoilKettleAsync(), steps.ToastBreadAsync(), Task.Run(steps.SliceFruit));

        private static Task PrepareItemAsync(RoutineSteps steps, string item) => item switch
        {
            "tea" => steps.BoilKettleAsync(),
            "toast" => steps.ToastBreadAsync(),
            _ => Task.Run(steps.SliceFruit),
        };

        /// <summary>
        /// Knows when work handed to someone else is really done — the confused code cannot tell us. Never lets an
        /// exception escape: in a confused variant the work runs as async void, where an exception ends the process.
        /// </summary>
        private sealed class CompletionTracker
        {
            private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
            private readonly Timeline timeline;
            private readonly string doneText;
            private readonly TaskCompletionSource<TimeSpan> done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int remaining;

            public CompletionTracker(Timeline timeline, int count, string doneText)
            {
                this.timeline = timeline;
                this.doneText = doneText;
                remaining = count;
            }

            public Func<T, Task> Track<T>(Func<T, Task> work) => item => RunAsync(() => work(item));

            public Func<Task> Track(Func<Task> work) => () => RunAsync(work);

            public Task<TimeSpan> WaitAsync() => done.Task.WaitAsync(Patience);

            private async Task RunAsync(Func<Task> work)
            {
                try
                {
                    await work();
                }
                catch (Exception exception)
                {
                    done.TrySetException(exception);
                    return;
                }

                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    done.TrySetResult(timeline.Mark(doneText).At);
                }
            }
        }
    }
}
