using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace ConcurrencyAnalyzers.Tests.Corpus
{
    /// <summary>
    /// The morning-routine sample yields exactly the diagnostics its <c>// expect: CVPxxx</c> markers name:
    /// the set of (file, line, ID) reported equals the set marked. Markers of rules no analyzer supports yet
    /// are skipped, so each new rule switches its markers on by itself.
    /// </summary>
    public sealed class CorpusDiagnosticsTests
    {
        private static readonly Regex RuleFile = new Regex(@"^(?<folder>Confused|Fixed)/(?<id>CVP\d{3})[A-Za-z0-9]*\.cs$", RegexOptions.CultureInvariant);
        private readonly ITestOutputHelper output;

        public CorpusDiagnosticsTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task Sample_Compiles()
        {
            var corpus = await SampleCorpus.LoadAsync();
            var errors = corpus.CompileErrors.Select(d => SampleCorpus.Key(d).File + ":" + SampleCorpus.Key(d).Line + ": " + d.Id + " " + d.GetMessage()).ToList();
            Assert.True(errors.Count == 0, "The sample does not compile (references: " + SampleCorpus.ReferenceSource + "):\n" + string.Join("\n", errors));
        }

        [Fact]
        public async Task Diagnostics_EqualMarkers()
        {
            var (markers, malformed) = SampleCorpus.ReadMarkers();
            var corpus = await SampleCorpus.LoadAsync();

            var expected = new SortedSet<ExpectedDiagnostic>(markers.Where(m => SampleCorpus.SupportedIds.Contains(m.Id)));
            var skipped = markers.Where(m => !SampleCorpus.SupportedIds.Contains(m.Id)).ToList();
            var actualByKey = corpus.Diagnostics
                .GroupBy(SampleCorpus.Key)
                .ToDictionary(g => g.Key, g => g.First());
            var actual = new SortedSet<ExpectedDiagnostic>(actualByKey.Keys);

            output.WriteLine("corpus: " + SampleCorpus.SourceFiles().Count + " files; references: " + SampleCorpus.ReferenceSource);
            output.WriteLine("supported rules: " + string.Join(", ", SampleCorpus.SupportedIds.OrderBy(id => id, StringComparer.Ordinal)));
            output.WriteLine("markers checked: " + expected.Count + "; skipped (rule not implemented yet): " + skipped.Count
                + (skipped.Count == 0 ? string.Empty : " of " + string.Join(", ", ExpectationMarkers.Ids(skipped))));

            var missing = expected.Where(e => !actual.Contains(e)).ToList();
            var unexpected = actual.Where(a => !expected.Contains(a)).ToList();

            var report = new StringBuilder();
            if (malformed.Length > 0)
            {
                report.AppendLine("Malformed markers (write '// expect: CVP001' or '// expect: CVP001, CVP020' at the end of the line):");
                foreach (var line in malformed)
                {
                    report.AppendLine("  " + line);
                }
            }

            if (missing.Count > 0)
            {
                report.AppendLine("Missing — marked, but no such diagnostic was reported:");
                foreach (var m in missing)
                {
                    report.AppendLine("  " + m + "    | " + SampleCorpus.LineText(m.File, m.Line));
                }
            }

            if (unexpected.Count > 0)
            {
                report.AppendLine("Unexpected — reported, but the line has no such marker:");
                foreach (var u in unexpected)
                {
                    report.AppendLine("  " + u + ": " + actualByKey[u].GetMessage() + "    | " + SampleCorpus.LineText(u.File, u.Line));
                }
            }

            if (corpus.AnalyzerFailures.Length > 0)
            {
                report.AppendLine("Analyzers threw:");
                foreach (var failure in corpus.AnalyzerFailures)
                {
                    report.AppendLine("  " + failure);
                }
            }

            Assert.True(report.Length == 0, "The sample's diagnostics differ from its '// expect:' markers.\n" + report);
        }

        [Fact]
        public void FixedFiles_CarryNoMarkers()
        {
            var (markers, _) = SampleCorpus.ReadMarkers();
            var inFixed = markers.Where(m => m.File.StartsWith("Fixed/", StringComparison.Ordinal)).ToList();
            Assert.True(inFixed.Count == 0, "Fixed/ files are the routine written right and expect no diagnostic:\n  " + string.Join("\n  ", inFixed));
        }

        [Fact]
        public void RuleFiles_AreNamedAfterARule()
        {
            var misnamed = SampleCorpus.SourceFiles()
                .Where(f => f.StartsWith("Confused/", StringComparison.Ordinal) || f.StartsWith("Fixed/", StringComparison.Ordinal))
                .Where(f => !RuleFile.IsMatch(f))
                .ToList();
            Assert.True(misnamed.Count == 0, "Confused/ and Fixed/ files are named CVPxxx<Name>.cs:\n  " + string.Join("\n  ", misnamed));
        }

        [Fact]
        public void EverySupportedRule_HasTwoConfusedCasesAndAFixedFile()
        {
            var files = SampleCorpus.SourceFiles();
            var (markers, _) = SampleCorpus.ReadMarkers();
            var gaps = new List<string>();
            foreach (var id in SampleCorpus.SupportedIds.OrderBy(id => id, StringComparer.Ordinal))
            {
                var confused = files.Where(f => f.StartsWith("Confused/" + id, StringComparison.Ordinal)).ToList();
                if (confused.Count == 0)
                {
                    gaps.Add(id + ": no Confused/" + id + "<Name>.cs");
                }
                else
                {
                    var cases = markers.Count(m => m.Id == id && confused.Contains(m.File));
                    if (cases < 2)
                    {
                        gaps.Add(id + ": Confused/ marks " + cases + " case(s) of " + id + ", at least 2 wanted");
                    }
                }

                if (!files.Any(f => f.StartsWith("Fixed/" + id, StringComparison.Ordinal)))
                {
                    gaps.Add(id + ": no Fixed/" + id + "<Name>.cs");
                }
            }

            Assert.True(gaps.Count == 0, "Every implemented rule has its morning-routine cases:\n  " + string.Join("\n  ", gaps));
        }

        [Fact]
        public void MarkerParser_ReadsOneOrSeveralIdsAndReportsMalformedOnes()
        {
            var text = string.Join(
                "\n",
                "Parallel.ForEach(items, async i => await F(i)); // expect: CVP001",
                "task.Wait();   //expect:CVP020 ,CVP021",
                "plain line",
                "x(); // expect: cvp1",
                "y(); // expect: CVP001 and more");
            var (markers, malformed) = ExpectationMarkers.Parse("f.cs", text);
            Assert.Equal(
                new[] { new ExpectedDiagnostic("f.cs", 1, "CVP001"), new ExpectedDiagnostic("f.cs", 2, "CVP020"), new ExpectedDiagnostic("f.cs", 2, "CVP021") },
                markers);
            Assert.Equal(new[] { "f.cs:4: x(); // expect: cvp1", "f.cs:5: y(); // expect: CVP001 and more" }, malformed);
        }
    }
}
