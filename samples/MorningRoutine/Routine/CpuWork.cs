using System;
using System.Diagnostics;
using System.Threading;

namespace MorningRoutine.Routine
{
    /// <summary>
    /// Real CPU work of a fixed amount: an arithmetic loop whose iteration count is calibrated once, so that a
    /// step sized 60 ms takes about 60 ms on one free core. Because the amount is fixed (the loop does not
    /// watch the clock), two steps sharing one core take twice as long: what the timeline shows as
    /// overlapping computation really ran at the same time on different cores.
    /// </summary>
    public static class CpuWork
    {
        private const long CalibrationChunk = 20_000;
        private static readonly Lazy<double> IterationsPerMillisecond = new Lazy<double>(Calibrate, LazyThreadSafetyMode.ExecutionAndPublication);
        private static long sink;

        /// <summary>Measures the machine once (about 30 ms); later calls are free.</summary>
        public static void EnsureCalibrated() => _ = IterationsPerMillisecond.Value;

        /// <summary>Computes for about <paramref name="duration"/> on one free core.</summary>
        public static void Run(TimeSpan duration)
        {
            var iterations = (long)(duration.TotalMilliseconds * IterationsPerMillisecond.Value);
            Volatile.Write(ref sink, Mix(Math.Max(iterations, 1)));
        }

        private static double Calibrate()
        {
            // Best of a few short trials: the rate of an uncontended core.
            var best = 0.0;
            for (var trial = 0; trial < 3; trial++)
            {
                var watch = Stopwatch.StartNew();
                long done = 0;
                while (watch.Elapsed.TotalMilliseconds < 10)
                {
                    Volatile.Write(ref sink, Mix(CalibrationChunk));
                    done += CalibrationChunk;
                }

                best = Math.Max(best, done / watch.Elapsed.TotalMilliseconds);
            }

            return best;
        }

        /// <summary>An FNV-style hash over the iteration counter: cheap, unoptimisable arithmetic.</summary>
        private static long Mix(long iterations)
        {
            ulong hash = 14695981039346656037UL;
            for (long i = 0; i < iterations; i++)
            {
                hash ^= (ulong)i;
                hash *= 1099511628211UL;
            }

            return (long)hash;
        }
    }
}
