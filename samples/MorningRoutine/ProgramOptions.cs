using System;
using System.Globalization;

namespace MorningRoutine
{
    /// <summary>The command line: a mode, an optional filter for <c>confused</c>, <c>--scale</c>, <c>--help</c>.</summary>
    public sealed class ProgramOptions
    {
        public const string Sequential = "sequential";
        public const string Concurrent = "concurrent";
        public const string Parallel = "parallel";
        public const string Confused = "confused";
        public const string All = "all";

        private ProgramOptions(string? mode, string? filter, double scale, bool showHelp, string? error)
        {
            Mode = mode;
            Filter = filter;
            Scale = scale;
            ShowHelp = showHelp;
            Error = error;
        }

        public string? Mode { get; }

        /// <summary>For <c>confused</c>: a variant name or rule ID prefix, e.g. <c>CVP001</c>.</summary>
        public string? Filter { get; }

        public double Scale { get; }

        public bool ShowHelp { get; }

        public string? Error { get; }

        public static string Help { get; } = string.Join(
            Environment.NewLine,
            "MorningRoutine — concurrency vs parallelism, measured on a morning routine.",
            "",
            "After waking up you 1. get ready (wash face, iron shirt), 2. prepare breakfast (kettle, toaster,",
            "slice fruit), 3. eat breakfast, 4. go to the office. Eating needs breakfast prepared; the office",
            "needs you ready and fed; getting ready and preparing breakfast are independent.",
            "",
            "Usage: dotnet run --project samples/MorningRoutine -- <mode> [--scale <factor>]",
            "",
            "Modes:",
            "  sequential         all in order; you stand by the kettle (the thread sleeps through every wait)",
            "  concurrent         one person, one thread: put the kettle on, wash your face while it boils",
            "                     (async overlaps the waits — dealing with many things at once)",
            "  parallel           two people: getting ready runs on another core while breakfast is made",
            "                     (the CPU work overlaps too — doing many things at once)",
            "  confused [filter]  runs the confused variants next to their fixes and shows what goes wrong,",
            "                     e.g. 'confused CVP001' or 'confused CVP001-foreach'",
            "  all                sequential, concurrent and parallel one after another, with their totals",
            "",
            "Options:",
            "  --scale <factor>   multiplies every duration (default 1; 0.1 runs ten times faster)",
            "  --help, -h         shows this text",
            "",
            "Each run prints a timeline: one row per step, its bar on a common time axis, and its thread.",
            "  # computing (thread busy)   ~ awaiting (no thread held)   = blocked (thread held)   * a moment",
            "Waits (kettle, toaster, commute) are delays standing in for IO; washing, ironing, slicing and eating",
            "are real CPU work sized to tens of milliseconds.");

        public static ProgramOptions Parse(string[] args)
        {
            string? mode = null;
            string? filter = null;
            var scale = 1.0;
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                if (arg is "--help" or "-h" or "-?" or "/?")
                {
                    return new ProgramOptions(mode, filter, scale, showHelp: true, error: null);
                }

                if (arg == "--scale" || arg.StartsWith("--scale=", StringComparison.Ordinal))
                {
                    string? value = arg == "--scale" ? (i + 1 < args.Length ? args[++i] : null) : arg.Substring("--scale=".Length);
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out scale) || !(scale > 0 && scale <= 100))
                    {
                        return Failed("--scale needs a number above 0 and at most 100, e.g. --scale 0.1");
                    }

                    continue;
                }

                if (arg.StartsWith("-", StringComparison.Ordinal))
                {
                    return Failed("unknown option '" + arg + "'");
                }

                if (mode is null)
                {
                    mode = arg.ToLowerInvariant();
                    if (mode is not (Sequential or Concurrent or Parallel or Confused or All))
                    {
                        return Failed("unknown mode '" + arg + "'");
                    }
                }
                else if (mode == Confused && filter is null)
                {
                    filter = arg;
                }
                else
                {
                    return Failed("unexpected argument '" + arg + "'");
                }
            }

            return mode is null
                ? Failed("no mode given")
                : new ProgramOptions(mode, filter, scale, showHelp: false, error: null);
        }

        private static ProgramOptions Failed(string error) => new ProgramOptions(null, null, 1.0, showHelp: false, error);
    }
}
