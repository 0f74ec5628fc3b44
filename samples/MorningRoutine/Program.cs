using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MorningRoutine.Routine;

namespace MorningRoutine
{
    /// <summary>
    /// Runs the morning routine in the mode given on the command line and prints its timeline.
    /// <c>dotnet run --project samples/MorningRoutine -- --help</c> explains.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            var options = ProgramOptions.Parse(args);
            if (options.Error is not null)
            {
                PrintError("MorningRoutine: " + options.Error + Environment.NewLine + Environment.NewLine + ProgramOptions.Help);
                return 2;
            }

            if (options.ShowHelp || options.Mode is null)
            {
                Print(ProgramOptions.Help);
                return 0;
            }

            var report = await RunAsync(options.Mode, options.Filter, new Durations(options.Scale));
            Print(report);
            return 0;
        }

        /// <summary>Runs one mode and returns the report it prints.</summary>
        public static async Task<string> RunAsync(string mode, string? filter, Durations durations)
        {
            switch (mode)
            {
                case ProgramOptions.Sequential:
                    return Describe(Modes.RunSequential(durations));
                case ProgramOptions.Concurrent:
                    return Describe(await Modes.RunConcurrentAsync(durations));
                case ProgramOptions.Parallel:
                    return Describe(await Modes.RunParallelAsync(durations));
                case ProgramOptions.Confused:
                    return await RunConfusedAsync(filter, durations);
                case ProgramOptions.All:
                    return await RunAllAsync(durations);
                default:
                    throw new ArgumentException("Unknown mode '" + mode + "'.", nameof(mode));
            }
        }

        private static async Task<string> RunAllAsync(Durations durations)
        {
            // One after another on purpose: runs sharing the cores would distort each other's times.
            var sequential = Modes.RunSequential(durations);
            var report = Describe(sequential);
            var totals = "totals: sequential " + TimelineChart.Milliseconds(sequential.Total) + ";";
            foreach (var mode in new[] { ProgramOptions.Concurrent, ProgramOptions.Parallel })
            {
                var timeline = mode == ProgramOptions.Concurrent
                    ? await Modes.RunConcurrentAsync(durations)
                    : await Modes.RunParallelAsync(durations);
                report += Describe(timeline);
                totals += " " + mode + " " + TimelineChart.Milliseconds(timeline.Total) + ";";
            }

            return report + totals.TrimEnd(';') + Environment.NewLine;
        }

        private static async Task<string> RunConfusedAsync(string? filter, Durations durations)
        {
            var variants = ConfusedVariants.Matching(filter);
            if (variants.Count == 0)
            {
                return "No confused variant matches '" + filter + "'. Known: "
                    + string.Join(", ", ConfusedVariants.All.Select(v => v.Name)) + Environment.NewLine;
            }

            var report = string.Empty;
            foreach (var variant in variants)
            {
                report += "=== " + variant.Name + " (" + variant.RuleId + ")" + Environment.NewLine + variant.Story + Environment.NewLine + Environment.NewLine;
                foreach (var run in new[] { variant.RunConfusedAsync, variant.RunFixedAsync })
                {
                    var outcome = await run(durations);
                    report += Describe(outcome.Timeline) + "  => " + outcome.Verdict + Environment.NewLine + Environment.NewLine;
                }
            }

            return report;
        }

        private static string Describe(Timeline timeline) =>
            TimelineChart.Render(timeline) + "  " + TimelineChart.Legend + Environment.NewLine
            + "  threads that computed: " + string.Join(", ", timeline.ThreadsOf(StepKind.Compute).Select(t => "T" + t.ToString(CultureInfo.InvariantCulture)))
            + Environment.NewLine + Environment.NewLine;

        private static void Print(string text) => Console.WriteLine(text);

        private static void PrintError(string text) => Console.Error.WriteLine(text);
    }
}
