using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ConcurrencyAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Catalogue
{
    /// <summary>The rule index <c>docs/README.md</c> agrees with the descriptors and the shipped code fixes.</summary>
    public sealed class DocsIndexTests
    {
        private static readonly Regex Row = new Regex(
            @"^\| \[(?<id>CVP[0-9]{3})\]\(rules/(?<page>CVP[0-9]{3})\.md\) \| (?<title>[^|]+) \| (?<severity>[^|]+) \| (?<fix>Yes|No) \|\s*$",
            RegexOptions.Multiline);

        private static Dictionary<string, Match> Rows()
        {
            var text = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "README.md"));
            return Row.Matches(text).ToDictionary(m => m.Groups["id"].Value, m => m, StringComparer.Ordinal);
        }

        [Fact]
        public void EveryDeclaredRule_HasOneIndexRow_WithItsTitleAndSeverity()
        {
            var rows = Rows();
            Assert.All(RuleCatalogueTests.Declared, d =>
            {
                Assert.True(rows.TryGetValue(d.Id, out var row), "docs/README.md has no row for " + d.Id);
                Assert.Equal(d.Id, row!.Groups["page"].Value);
                Assert.Equal(d.Title.ToString(), row.Groups["title"].Value.Trim());
                Assert.Equal(SeverityName(d.DefaultSeverity), row.Groups["severity"].Value.Trim());
            });
            Assert.Equal(RuleCatalogueTests.Declared.Count, rows.Count);
        }

        [Fact]
        public void IndexFixColumn_MatchesTheShippedCodeFixes()
        {
            var rows = Rows();
            var fixable = new HashSet<string>(RuleCatalogueTests.CodeFixes.SelectMany(f => f.FixableDiagnosticIds), StringComparer.Ordinal);
            Assert.All(RuleCatalogueTests.Supported, d =>
            {
                Assert.True(rows.TryGetValue(d.Id, out var row), "docs/README.md has no row for " + d.Id);
                Assert.True(
                    (row!.Groups["fix"].Value == "Yes") == fixable.Contains(d.Id),
                    d.Id + ": docs/README.md says code fix '" + row.Groups["fix"].Value + "', the package " + (fixable.Contains(d.Id) ? "has" : "has no") + " fix");
            });
        }

        [Fact]
        public void EveryIndexLink_ToAShippedRule_LeadsToItsPage()
        {
            var rows = Rows();
            Assert.All(RuleCatalogueTests.Supported, d =>
                Assert.True(File.Exists(Path.Combine(RepositoryPaths.Docs, "rules", rows[d.Id].Groups["page"].Value + ".md")), d.Id));
        }

        private static string SeverityName(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "Error",
            DiagnosticSeverity.Warning => "Warning",
            DiagnosticSeverity.Info => "Info",
            _ => "Hidden",
        };
    }
}
