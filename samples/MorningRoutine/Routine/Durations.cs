using System;

namespace MorningRoutine.Routine
{
    /// <summary>
    /// How long each step takes, at a scale (<c>--scale</c>): 1 is the lesson's pace, 0.1 makes everything ten
    /// times faster for tests. Waits (kettle, toaster, commute) are awaited or slept delays standing in for IO;
    /// computing steps are real CPU work sized to take about their time on one free core.
    /// </summary>
    public sealed class Durations
    {
        /// <param name="scale">Multiplies every duration.</param>
        /// <param name="computeScale">Multiplies the computing steps instead, when given: a test that measures what
        /// overlapping the waits saves can make the CPU work — whose time a loaded machine stretches — small.</param>
        public Durations(double scale = 1.0, double? computeScale = null)
        {
            Scale = Checked(scale, nameof(scale));
            ComputeScale = Checked(computeScale ?? scale, nameof(computeScale));
        }

        public double Scale { get; }

        public double ComputeScale { get; }

        // 1. Getting ready — your own hands: CPU work.
        public TimeSpan WashFace => Compute(40);

        public TimeSpan IronShirt => Compute(80);

        // 2. Preparing breakfast — machines wait, you slice.
        public TimeSpan BoilKettle => Wait(100);

        public TimeSpan ToastBread => Wait(80);

        public TimeSpan SliceFruit => Compute(60);

        // 3. Eating breakfast — CPU work.
        public TimeSpan EatBreakfast => Compute(60);

        // 4. Going to the office — the train carries you: a wait.
        public TimeSpan Commute => Wait(150);

        private static double Checked(double scale, string name) =>
            double.IsNaN(scale) || scale <= 0 || scale > 100
                ? throw new ArgumentOutOfRangeException(name, scale, "A scale must be above 0 and at most 100.")
                : scale;

        private TimeSpan Wait(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds * Scale);

        private TimeSpan Compute(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds * ComputeScale);
    }
}
