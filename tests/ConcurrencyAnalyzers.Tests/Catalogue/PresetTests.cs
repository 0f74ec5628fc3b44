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
    /// <summary>Keeps the shipped .globalconfig presets in step with the descriptors.</summary>
    public sealed class PresetTests
    {
        private static readonly Regex SeverityLine = new Regex(@"^dotnet_diagnostic\.(?<id>CVP\d{3})\.severity\s*=\s*(?<severity>\w+)\s*$", RegexOptions.Multiline);

        public static TheoryData<string> Modes => new TheoryData<string> { "default", "strict", "minimal" };

        [Theory]
        [MemberData(nameof(Modes))]
        public void Preset_IsGlobalWithNegativeLevel_AndNamesEveryRuleOnce(string mode)
        {
            var text = ReadPreset(mode);
            Assert.Matches(new Regex(@"^is_global\s*=\s*true\s*$", RegexOptions.Multiline), text);
            var level = Regex.Match(text, @"^global_level\s*=\s*(-?\d+)\s*$", RegexOptions.Multiline);
            Assert.True(level.Success, mode + " has no global_level");
            Assert.True(int.Parse(level.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 0, mode + ": users' own config must win, so global_level must be negative");

            var ids = Severities(text).Keys.OrderBy(id => id, StringComparer.Ordinal).ToList();
            var declared = RuleCatalogueTests.Declared.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToList();
            Assert.Equal(declared, ids);
            foreach (var descriptor in RuleCatalogueTests.Declared)
            {
                Assert.Contains("# " + descriptor.Id + ": " + descriptor.Title + "\n", text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Default_MatchesEachDescriptorsDefaultSeverity()
        {
            var severities = Severities(ReadPreset("default"));
            Assert.All(RuleCatalogueTests.Declared, d => Assert.Equal(EditorConfigName(d.DefaultSeverity), severities[d.Id]));
        }

        [Fact]
        public void Strict_RaisesEveryRuleToAtLeastWarning()
        {
            var severities = Severities(ReadPreset("strict"));
            Assert.All(RuleCatalogueTests.Declared, d =>
                Assert.Equal(d.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "warning", severities[d.Id]));
        }

        [Fact]
        public void Minimal_KeepsDefaultsOrTurnsRulesOff_AndKeepsSomeRules()
        {
            var severities = Severities(ReadPreset("minimal"));
            Assert.All(RuleCatalogueTests.Declared, d =>
                Assert.Contains(severities[d.Id], new[] { EditorConfigName(d.DefaultSeverity), "none" }));
            Assert.Contains(severities.Values, s => s != "none");
            Assert.Contains(severities.Values, s => s == "none");
        }

        [Fact]
        public void BuildTargets_SelectsThePresetByProperty()
        {
            var targets = File.ReadAllText(Path.Combine(RepositoryPaths.Source, "Package", "build", "ConcurrencyAnalyzers.targets"));
            Assert.Contains("$(ConcurrencyAnalyzersMode", targets, StringComparison.Ordinal);
            Assert.Contains("<EditorConfigFiles Include=", targets, StringComparison.Ordinal);
        }

        private static string ReadPreset(string mode) =>
            File.ReadAllText(Path.Combine(RepositoryPaths.Source, "Package", "configuration", mode + ".globalconfig"));

        private static Dictionary<string, string> Severities(string text)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match match in SeverityLine.Matches(text))
            {
                Assert.True(result.TryAdd(match.Groups["id"].Value, match.Groups["severity"].Value), "duplicate line for " + match.Groups["id"].Value);
            }

            return result;
        }

        private static string EditorConfigName(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "suggestion",
            _ => "silent",
        };
    }
}
