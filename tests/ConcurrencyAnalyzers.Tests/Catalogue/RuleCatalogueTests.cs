using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using ConcurrencyAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Catalogue
{
    /// <summary>Checks that hold for the whole rule set, by reflection over the shipped assemblies.</summary>
    public sealed class RuleCatalogueTests
    {
        public static IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; } =
            typeof(Descriptors).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToList();

        public static IReadOnlyList<CodeFixProvider> CodeFixes { get; } =
            typeof(ConcurrencyAnalyzers.CodeFixes.AssemblyMarker).Assembly.GetTypes()
                .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
                .ToList();

        public static IReadOnlyList<DiagnosticDescriptor> Supported { get; } =
            Analyzers.SelectMany(a => a.SupportedDiagnostics).Distinct().OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

        /// <summary>Every descriptor declared in <see cref="Descriptors"/>.</summary>
        public static IReadOnlyList<DiagnosticDescriptor> Declared { get; } =
            typeof(Descriptors).GetFields(BindingFlags.Static | BindingFlags.Public)
                .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
                .ToList();

        [Fact]
        public void Ids_AreWellFormedAndUnique()
        {
            Assert.All(Declared, d => Assert.Matches(new Regex("^CVP[0-9]{3}$"), d.Id));
            Assert.Equal(Declared.Count, Declared.Select(d => d.Id).Distinct().Count());
        }

        [Fact]
        public void Descriptors_HaveCategoryHelpLinkAndMessageStyle()
        {
            Assert.All(Declared, d =>
            {
                Assert.Equal("Concurrency", d.Category);
                Assert.Equal(Descriptors.HelpBase + d.Id + ".md", d.HelpLinkUri);
                Assert.False(d.Title.ToString().EndsWith(".", StringComparison.Ordinal), d.Id + " title ends with a period");
                Assert.False(d.MessageFormat.ToString().EndsWith(".", StringComparison.Ordinal), d.Id + " message ends with a period");
                Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()), d.Id + " has no description");
                Assert.True(d.IsEnabledByDefault, d.Id + " is disabled by default");
            });
        }

        [Fact]
        public void EverySupportedRule_HasItsDocPage()
        {
            Assert.NotEmpty(Supported);
            Assert.All(Supported, d =>
            {
                var page = Path.Combine(RepositoryPaths.Docs, "rules", d.Id + ".md");
                Assert.True(File.Exists(page), "missing " + page);
                var firstLine = File.ReadLines(page).First();
                Assert.Equal("# " + d.Id + ": " + d.Title, firstLine);
            });
        }

        [Fact]
        public void EveryDeclaredRule_IsInReleaseTrackingWithItsSeverity()
        {
            var text = File.ReadAllText(Path.Combine(RepositoryPaths.Source, "Analyzers", "AnalyzerReleases.Unshipped.md"))
                + File.ReadAllText(Path.Combine(RepositoryPaths.Source, "Analyzers", "AnalyzerReleases.Shipped.md"));
            Assert.All(Declared, d =>
                Assert.Matches(new Regex("^" + d.Id + @"\s*\|\s*Concurrency\s*\|\s*" + d.DefaultSeverity + @"\s*\|", RegexOptions.Multiline), text));
        }

        [Fact]
        public void EverySupportedRule_HasAReadmeRow()
        {
            var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
            Assert.All(Supported, d => Assert.Contains("[" + d.Id + "](docs/rules/" + d.Id + ".md)", readme, StringComparison.Ordinal));
        }

        [Fact]
        public void EveryFixableId_IsSupportedByAnAnalyzer()
        {
            var supportedIds = new HashSet<string>(Supported.Select(d => d.Id));
            Assert.All(CodeFixes.SelectMany(f => f.FixableDiagnosticIds), id => Assert.Contains(id, supportedIds));
        }

        [Fact]
        public void CodeFixes_OfferFixAll()
        {
            Assert.All(CodeFixes, f => Assert.NotNull(f.GetFixAllProvider()));
        }
    }
}
