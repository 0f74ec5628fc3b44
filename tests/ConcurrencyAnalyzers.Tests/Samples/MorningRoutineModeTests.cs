using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MorningRoutine;
using MorningRoutine.Routine;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Samples
{
    /// <summary>Runs alone: timing tests must not share the two cores with the other tests.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class MorningRoutineTimingCollection
    {
        public const string Name = "MorningRoutine timing";
    }

    /// <summary>
    /// The morning-routine program, run in-process at a small scale: the recorded timelines show what the lesson
    /// says. Assertions rest on ordering and overlap facts; the one comparison of totals allows a few attempts,
    /// because a loaded machine can stall any single run.
    /// </summary>
    [Collection(MorningRoutineTimingCollection.Name)]
    public sealed class MorningRoutineModeTests
    {
        private const int Attempts = 3;
        private static readonly Durations Fast = new Durations(0.5);
        private static readonly Durations Lesson = new Durations(1.0);

        [Fact]
        public void Sequential_RunsEveryStepInOrderOnOneThread_HoldingItThroughTheWaits()
        {
            var timeline = Modes.RunSequential(Fast);

            Assert.Equal(7, timeline.Steps.Count);
            Assert.Single(timeline.Steps.Select(s => s.StartThread).Distinct());
            Assert.All(Pairs(timeline.Steps), pair => Assert.False(pair.A.Overlaps(pair.B), pair.A.Name + " overlaps " + pair.B.Name));
            Assert.All(timeline.Steps.Where(s => s.Kind != StepKind.Compute), s => Assert.Equal(StepKind.Block, s.Kind));
            Assert.True(timeline.Total >= SumOf(timeline.Steps), "nothing overlapped, so the total is at least the sum of the steps");
        }

        [Fact]
        public async Task Concurrent_OneThreadOverlapsTheWaitsButNeverTheComputations()
        {
            var timeline = await Modes.RunConcurrentAsync(Fast);

            Assert.Equal(7, timeline.Steps.Count);
            var threads = timeline.Steps.SelectMany(s => new[] { s.StartThread, s.EndThread }).Distinct().ToList();
            Assert.Single(threads);
            var computations = timeline.Steps.Where(s => s.Kind == StepKind.Compute).ToList();
            Assert.All(Pairs(computations), pair => Assert.False(pair.A.Overlaps(pair.B), pair.A.Name + " overlaps " + pair.B.Name + " on one thread"));
            Assert.All(timeline.Steps.Where(s => s.Kind != StepKind.Compute), s => Assert.Equal(StepKind.Await, s.Kind));

            var kettle = timeline.Step(StepNames.BoilKettle);
            Assert.True(kettle.Overlaps(timeline.Step(StepNames.WashFace)), "you wash your face while the kettle boils");
            Assert.True(Span(timeline) < SumOf(timeline.Steps), "the waits overlapped, so the steps span less than their sum:\n" + TimelineChart.Render(timeline));

            // Dependencies kept: eating needs breakfast prepared; the office needs you ready and fed.
            var eat = timeline.Step(StepNames.EatBreakfast);
            Assert.True(eat.Start >= kettle.End && eat.Start >= timeline.Step(StepNames.ToastBread).End && eat.Start >= timeline.Step(StepNames.SliceFruit).End);
            var office = timeline.Step(StepNames.Commute);
            Assert.True(office.Start >= eat.End && office.Start >= timeline.Step(StepNames.IronShirt).End);
        }

        [Fact]
        public async Task Concurrent_TakesLessTimeThanSequential()
        {
            // What concurrency saves is waiting: the toaster (80 ms here) runs while the kettle boils. The CPU work,
            // whose time a loaded machine stretches several times over, is kept small so that it cannot hide that.
            var waitsCount = new Durations(1.0, computeScale: 0.05);
            var tries = new List<string>();
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var sequential = Modes.RunSequential(waitsCount);
                var concurrent = await Modes.RunConcurrentAsync(waitsCount);
                if (concurrent.Total < sequential.Total)
                {
                    return;
                }

                tries.Add("\n" + TimelineChart.Render(sequential) + TimelineChart.Render(concurrent));
            }

            Assert.Fail("concurrent was never faster than sequential: " + string.Join("; ", tries));
        }

        [Fact]
        public async Task Parallel_ComputesOnMoreThanOneThread()
        {
            var seen = new List<string>();
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var timeline = await Modes.RunParallelAsync(Fast);
                Assert.Equal(7, timeline.Steps.Count);
                var threads = timeline.ThreadsOf(StepKind.Compute);
                if (Environment.ProcessorCount == 1 || threads.Count > 1)
                {
                    var getReady = timeline.Step(StepNames.IronShirt);
                    var eat = timeline.Step(StepNames.EatBreakfast);
                    Assert.True(eat.Start >= getReady.End && eat.Start >= timeline.Step(StepNames.SliceFruit).End, "eating waits for both people");
                    Assert.True(timeline.Step(StepNames.Commute).Start >= eat.End);
                    return;
                }

                seen.Add(threads.Count + " thread(s)");
            }

            Assert.Fail("the parallel mode's CPU steps all ran on one thread: " + string.Join("; ", seen));
        }

        [Fact]
        public async Task ConfusedParallelForEach_ReturnsBeforeBreakfastIsReady_FixedWaits()
        {
            var variant = Assert.Single(ConfusedVariants.Matching("CVP001-foreach"));

            // Under a loaded machine one of the two may finish before the loop returns: ask for a run where the loop
            // returned before both (the confused code makes that the usual case, not a certainty).
            var confused = await FirstEarlyReturnAsync(
                variant,
                o => o.CallerMovedOn < o.Timeline.Step(StepNames.BoilKettle).End && o.CallerMovedOn < o.Timeline.Step(StepNames.ToastBread).End);
            Assert.True(confused.CallerMovedOn < confused.Timeline.Step(StepNames.BoilKettle).End, "the loop returned before the kettle boiled");
            Assert.True(confused.CallerMovedOn < confused.Timeline.Step(StepNames.ToastBread).End, "the loop returned before the toast was done");

            var written = await variant.RunFixedAsync(Lesson);
            Assert.False(written.MovedOnTooEarly, "the fixed loop completed at " + written.CallerMovedOn + ", breakfast was ready at " + written.WorkDone);
            Assert.All(written.Timeline.Steps, s => Assert.True(s.End <= written.CallerMovedOn, s.Name + " ended after the loop completed"));
        }

        [Fact]
        public async Task ConfusedParallelInvoke_LeavesBeforeReadyAndFed_FixedWaits()
        {
            var variant = Assert.Single(ConfusedVariants.Matching("CVP001-invoke"));

            var confused = await FirstEarlyReturnAsync(variant, o => o.CallerMovedOn < o.Timeline.Step(StepNames.BoilKettle).End);
            Assert.True(confused.CallerMovedOn < confused.Timeline.Step(StepNames.BoilKettle).End, "left before the kettle boiled");

            var written = await variant.RunFixedAsync(Lesson);
            Assert.False(written.MovedOnTooEarly, "left at " + written.CallerMovedOn + ", ready and fed at " + written.WorkDone);
        }

        [Fact]
        public async Task ConfusedMode_PrintsBothTimelinesAndTheVerdict()
        {
            var report = await Program.RunAsync(ProgramOptions.Confused, "CVP001-foreach", Fast);

            Assert.Contains("confused — Parallel.ForEach", report, StringComparison.Ordinal);
            Assert.Contains("fixed — await Parallel.ForEachAsync", report, StringComparison.Ordinal);
            Assert.Contains("* Parallel.ForEach returned", report, StringComparison.Ordinal);
            Assert.Contains("* Parallel.ForEachAsync completed", report, StringComparison.Ordinal);
            Assert.Equal(2, report.Split("  => moved on at ").Length - 1);
        }

        [Fact]
        public async Task EveryMode_PrintsATimelineWithATotal()
        {
            foreach (var mode in new[] { ProgramOptions.Sequential, ProgramOptions.Concurrent, ProgramOptions.Parallel })
            {
                var report = await Program.RunAsync(mode, null, new Durations(0.1));
                Assert.StartsWith(mode + " — ", report, StringComparison.Ordinal);
                foreach (var step in new[] { StepNames.WashFace, StepNames.IronShirt, StepNames.BoilKettle, StepNames.ToastBread, StepNames.SliceFruit, StepNames.EatBreakfast, StepNames.Commute })
                {
                    Assert.Contains(step, report, StringComparison.Ordinal);
                }

                Assert.Contains("  total ", report, StringComparison.Ordinal);
                Assert.Contains(TimelineChart.Legend, report, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Chart_PlacesBarsOnACommonAxis()
        {
            var timeline = new Timeline("chart");
            timeline.Record("a", StepKind.Compute, TimeSpan.Zero, TimeSpan.FromMilliseconds(50), 1, 1);
            timeline.Record("b", StepKind.Await, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), 1, 2);
            timeline.Finish();

            var lines = TimelineChart.Render(timeline, width: 10).Split(Environment.NewLine);

            Assert.Equal("  a     |#####     |  T1", lines[2]);
            Assert.Equal("  b     |     ~~~~~|  T1 -> T2, none held while waiting", lines[3]);
        }

        [Theory]
        [InlineData(new[] { "concurrent" }, "concurrent", null, 1.0)]
        [InlineData(new[] { "parallel", "--scale", "0.1" }, "parallel", null, 0.1)]
        [InlineData(new[] { "--scale=0.25", "confused", "CVP001" }, "confused", "CVP001", 0.25)]
        [InlineData(new[] { "SEQUENTIAL" }, "sequential", null, 1.0)]
        public void Options_ParseModeFilterAndScale(string[] args, string mode, string? filter, double scale)
        {
            var options = ProgramOptions.Parse(args);
            Assert.Null(options.Error);
            Assert.Equal(mode, options.Mode);
            Assert.Equal(filter, options.Filter);
            Assert.Equal(scale, options.Scale);
        }

        [Theory]
        [InlineData("")]
        [InlineData("breakfast")]
        [InlineData("concurrent --scale 0")]
        [InlineData("concurrent --scale")]
        [InlineData("concurrent --fast")]
        [InlineData("concurrent parallel")]
        public void Options_RejectWhatTheyDoNotKnow(string commandLine)
        {
            var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotNull(ProgramOptions.Parse(args).Error);
        }

        [Fact]
        public void Options_HelpExplainsEveryMode()
        {
            Assert.True(ProgramOptions.Parse(new[] { "concurrent", "--help" }).ShowHelp);
            foreach (var word in new[] { "sequential", "concurrent", "parallel", "confused", "--scale" })
            {
                Assert.Contains(word, ProgramOptions.Help, StringComparison.Ordinal);
            }
        }

        /// <summary>From the first step's start to the last step's end (leaves out starting the worker thread).</summary>
        private static TimeSpan Span(Timeline timeline) => timeline.LastStepEnd - timeline.Steps.Min(s => s.Start);

        /// <summary>
        /// The confused run in which the caller moved on before the work was done — the bug. It is a race the bug
        /// nearly always loses (the waits take 80 ms and more, the loop returns in a moment), but a loaded machine
        /// can stall the loop's thread past them, so a few runs are allowed.
        /// </summary>
        private static async Task<ConfusedOutcome> FirstEarlyReturnAsync(ConfusedVariant variant, Func<ConfusedOutcome, bool>? also = null)
        {
            var seen = new List<string>();
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var outcome = await variant.RunConfusedAsync(Lesson);
                if (outcome.MovedOnTooEarly && (also is null || also(outcome)))
                {
                    return outcome;
                }

                seen.Add(outcome.Verdict + "\n" + TimelineChart.Render(outcome.Timeline));
            }

            Assert.Fail(variant.Name + ": the caller never moved on before the work was done:\n" + string.Join("\n", seen));
            throw new InvalidOperationException("unreachable");
        }

        private static TimeSpan SumOf(IEnumerable<StepRecord> steps) =>
            steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Duration);

        private static IEnumerable<(StepRecord A, StepRecord B)> Pairs(IReadOnlyList<StepRecord> steps)
        {
            for (var i = 0; i < steps.Count; i++)
            {
                for (var j = i + 1; j < steps.Count; j++)
                {
                    yield return (steps[i], steps[j]);
                }
            }
        }
    }
}
