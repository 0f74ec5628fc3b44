using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace MorningRoutine.Routine
{
    /// <summary>How a step spends its time.</summary>
    public enum StepKind
    {
        /// <summary>You are busy: real CPU work on the thread that runs the step (washing, ironing, slicing, eating).</summary>
        Compute,

        /// <summary>A machine works and you are free: an awaited delay, no thread is held (kettle, toaster, commute).</summary>
        Await,

        /// <summary>A machine works and you stand by: the thread sleeps, held and doing nothing.</summary>
        Block,
    }

    /// <summary>One step of the routine as it happened: when it started and ended, and on which thread.</summary>
    public sealed record StepRecord(string Name, StepKind Kind, TimeSpan Start, TimeSpan End, int StartThread, int EndThread)
    {
        public TimeSpan Duration => End - Start;

        /// <summary>True when the two steps were under way at the same time.</summary>
        public bool Overlaps(StepRecord other) => Start < other.End && other.Start < End;
    }

    /// <summary>A moment worth pointing at, e.g. "Parallel.ForEach returned".</summary>
    public sealed record TimelineMark(string Text, TimeSpan At, int Thread);

    /// <summary>
    /// Records the steps of one run of the routine (thread-safe: steps of a parallel run record themselves
    /// from several threads). <see cref="TimelineChart"/> draws it.
    /// </summary>
    public sealed class Timeline
    {
        private readonly Stopwatch clock;
        private readonly object gate = new object();
        private readonly List<StepRecord> steps = new List<StepRecord>();
        private readonly List<TimelineMark> marks = new List<TimelineMark>();
        private TimeSpan? total;

        /// <summary>Starts the clock — after the CPU work is calibrated, so calibration never shows on a chart.</summary>
        public Timeline(string title)
        {
            Title = title;
            CpuWork.EnsureCalibrated();
            clock = Stopwatch.StartNew();
        }

        public string Title { get; }

        /// <summary>Time since the run started.</summary>
        public TimeSpan Now => clock.Elapsed;

        /// <summary>The run's total time: set by <see cref="Finish"/>, or the time so far.</summary>
        public TimeSpan Total => total ?? clock.Elapsed;

        public IReadOnlyList<StepRecord> Steps
        {
            get
            {
                lock (gate)
                {
                    return steps.OrderBy(s => s.Start).ThenBy(s => s.End).ToList();
                }
            }
        }

        public IReadOnlyList<TimelineMark> Marks
        {
            get
            {
                lock (gate)
                {
                    return marks.OrderBy(m => m.At).ToList();
                }
            }
        }

        public void Record(string name, StepKind kind, TimeSpan start, TimeSpan end, int startThread, int endThread)
        {
            var record = new StepRecord(name, kind, start, end, startThread, endThread);
            lock (gate)
            {
                steps.Add(record);
            }
        }

        /// <summary>Marks this moment, on the calling thread, and returns it.</summary>
        public TimelineMark Mark(string text)
        {
            var mark = new TimelineMark(text, Now, Environment.CurrentManagedThreadId);
            lock (gate)
            {
                marks.Add(mark);
            }

            return mark;
        }

        /// <summary>Stops the clock for <see cref="Total"/>.</summary>
        public void Finish()
        {
            total = clock.Elapsed;
        }

        public StepRecord Step(string name) =>
            Steps.FirstOrDefault(s => s.Name == name) ?? throw new InvalidOperationException("No step '" + name + "' in " + Title);

        /// <summary>The end of the last step: when everything recorded was really done.</summary>
        public TimeSpan LastStepEnd => Steps.Count == 0 ? TimeSpan.Zero : Steps.Max(s => s.End);

        /// <summary>Threads that ran a step of the given kind.</summary>
        public IReadOnlyCollection<int> ThreadsOf(StepKind kind) =>
            Steps.Where(s => s.Kind == kind).Select(s => s.StartThread).Distinct().ToList();
    }
}
