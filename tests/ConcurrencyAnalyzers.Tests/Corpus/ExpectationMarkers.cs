using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace ConcurrencyAnalyzers.Tests.Corpus
{
    /// <summary>One diagnostic a sample file expects (or reports): file, 1-based line, rule ID.</summary>
    public readonly record struct ExpectedDiagnostic(string File, int Line, string Id) : IComparable<ExpectedDiagnostic>
    {
        public int CompareTo(ExpectedDiagnostic other)
        {
            var byFile = string.CompareOrdinal(File, other.File);
            if (byFile != 0)
            {
                return byFile;
            }

            return Line != other.Line ? Line.CompareTo(other.Line) : string.CompareOrdinal(Id, other.Id);
        }

        public override string ToString() => File + ":" + Line + ": " + Id;
    }

    /// <summary>
    /// Reads the trailing <c>// expect: CVP001</c> / <c>// expect: CVP001, CVP020</c> markers of a sample file.
    /// A line that looks like a marker but is not well formed is reported, never silently ignored.
    /// </summary>
    public static class ExpectationMarkers
    {
        private static readonly Regex Marker = new Regex(
            @"//\s*expect:\s*(?<ids>CVP\d{3}(?:\s*,\s*CVP\d{3})*)\s*$",
            RegexOptions.CultureInvariant);

        private static readonly Regex LooksLikeMarker = new Regex(@"//\s*expect\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The markers of <paramref name="text"/>, and the lines that look like markers but are malformed.</summary>
        public static (ImmutableArray<ExpectedDiagnostic> Markers, ImmutableArray<string> Malformed) Parse(string file, string text)
        {
            var markers = ImmutableArray.CreateBuilder<ExpectedDiagnostic>();
            var malformed = ImmutableArray.CreateBuilder<string>();
            var lines = text.Split('\n');
            for (var index = 0; index < lines.Length; index++)
            {
                var line = lines[index].TrimEnd('\r');
                var match = Marker.Match(line);
                if (match.Success)
                {
                    foreach (var id in match.Groups["ids"].Value.Split(','))
                    {
                        markers.Add(new ExpectedDiagnostic(file, index + 1, id.Trim()));
                    }
                }
                else if (LooksLikeMarker.IsMatch(line))
                {
                    malformed.Add(file + ":" + (index + 1) + ": " + line.Trim());
                }
            }

            return (markers.ToImmutable(), malformed.ToImmutable());
        }

        /// <summary>The IDs named in markers of the given files (for reports).</summary>
        public static IReadOnlyCollection<string> Ids(IEnumerable<ExpectedDiagnostic> markers)
        {
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var marker in markers)
            {
                ids.Add(marker.Id);
            }

            return ids;
        }
    }
}
