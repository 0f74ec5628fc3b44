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
        public Durations(double scale = 1.0)
        {
            if (double.IsNaN(scale) || scale <= 0 || scale > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be above 0 and at most 100.");
            }

            Scale = scale;
        }

        public double Scale { get; }

        // 1. Getting ready — your own hands: CPU work.
        public TimeSpan WashFace => Of(40);

        public TimeSpan IronShirt => Of(80);

        // 2. Preparing breakfast — machines wait, you slice.
        public TimeSpan BoilKettle => Of(100);

        public TimeSpan ToastBread => Of(80);

        public TimeSpan SliceFruit => Of(60);

        // 3. Eating breakfast — CPU work.
        public TimeSpan EatBreakfast => Of(60);

        // 4. Going to the office — the train carries you: a wait.
        public TimeSpan Commute => Of(150);

        private TimeSpan Of(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds * Scale);
    }
}
