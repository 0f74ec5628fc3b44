using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace MorningRoutine.Routine
{
    /// <summary>
    /// Draws a <see cref="Timeline"/> as text: one row per step, its bar placed on a common time axis, and the
    /// thread it ran on — so what overlapped, and on which thread, can be read at a glance.
    /// </summary>
    public static class TimelineChart
    {
        public const int DefaultWidth = 56;

        public const string Legend = "# computing (thread busy)   ~ awaiting (no thread held)   = blocked (thread held, doing nothing)   * moment";

        public static string Render(Timeline timeline, int width = DefaultWidth)
        {
            if (width < 10)
            {
                throw new ArgumentOutOfRangeException(nameof(width), width, "The chart needs at least 10 columns.");
            }

            var steps = timeline.Steps;
            var marks = timeline.Marks;
            var span = new[] { timeline.Total, timeline.LastStepEnd }
                .Concat(marks.Select(m => m.At))
                .Max();
            var axisMs = Math.Max(span.TotalMilliseconds, 1);

            var rows = new List<(TimeSpan At, string Label, string Bar, string Thread)>();
            foreach (var step in steps)
            {
                rows.Add((step.Start, step.Name, StepBar(step, axisMs, width), ThreadText(step)));
            }

            foreach (var mark in marks)
            {
                rows.Add((mark.At, "* " + mark.Text, MarkBar(mark, axisMs, width), "T" + mark.Thread.ToString(CultureInfo.InvariantCulture)));
            }

            var labelWidth = Math.Max(4, rows.Count == 0 ? 4 : rows.Max(r => r.Label.Length));
            var text = new StringBuilder();
            text.AppendLine(timeline.Title);
            var left = "0 ms";
            var right = Milliseconds(span);
            text.Append("  ").Append("step".PadRight(labelWidth)).Append("  ")
                .Append(left).Append(right.PadLeft(width + 2 - left.Length)).AppendLine("  thread");
            foreach (var row in rows.OrderBy(r => r.At))
            {
                text.Append("  ").Append(row.Label.PadRight(labelWidth)).Append("  |").Append(row.Bar).Append("|  ").AppendLine(row.Thread);
            }

            text.Append("  total ").AppendLine(Milliseconds(timeline.Total));
            return text.ToString();
        }

        public static string Milliseconds(TimeSpan time) =>
            time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

        private static string StepBar(StepRecord step, double axisMs, int width)
        {
            var from = Column(step.Start, axisMs, width);
            var to = Math.Max(Column(step.End, axisMs, width), from + 1);
            from = Math.Min(from, width - 1);
            to = Math.Min(to, width);
            var fill = step.Kind switch
            {
                StepKind.Compute => '#',
                StepKind.Await => '~',
                _ => '=',
            };
            return new string(' ', from) + new string(fill, to - from) + new string(' ', width - to);
        }

        private static string MarkBar(TimelineMark mark, double axisMs, int width)
        {
            var at = Math.Min(Column(mark.At, axisMs, width), width - 1);
            return new string(' ', at) + "*" + new string(' ', width - at - 1);
        }

        private static int Column(TimeSpan time, double axisMs, int width) =>
            Math.Clamp((int)Math.Round(time.TotalMilliseconds / axisMs * width), 0, width);

        private static string ThreadText(StepRecord step)
        {
            var start = "T" + step.StartThread.ToString(CultureInfo.InvariantCulture);
            switch (step.Kind)
            {
                case StepKind.Compute:
                    return start;
                case StepKind.Block:
                    return start + " held while waiting";
                default:
                    return step.StartThread == step.EndThread
                        ? start + ", none held while waiting"
                        : start + " -> T" + step.EndThread.ToString(CultureInfo.InvariantCulture) + ", none held while waiting";
            }
        }
    }
}
