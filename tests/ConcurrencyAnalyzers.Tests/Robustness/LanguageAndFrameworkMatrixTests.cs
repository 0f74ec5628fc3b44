using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Catalogue;
using ConcurrencyAnalyzers.Tests.Infrastructure;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Robustness
{
    /// <summary>
    /// Every rule's confused morning-routine cases, compiled as C# 7.3 to latest against .NET Framework
    /// 4.7.2, .NET Standard 2.0, .NET 6 and .NET 8: no analyzer or fix throws, and no fix adds a compiler
    /// error (a fix never writes syntax the language version lacks, nor an API the framework lacks).
    /// Errors the code already had under that combination are the baseline; only new ones fail.
    /// </summary>
    public sealed class LanguageAndFrameworkMatrixTests
    {
        private static readonly LanguageVersion[] LanguageVersions =
        {
            LanguageVersion.CSharp7_3, LanguageVersion.CSharp8, LanguageVersion.CSharp9, LanguageVersion.CSharp10, LanguageVersion.CSharp11, LanguageVersion.CSharp12, LanguageVersion.Latest,
        };

        private static readonly (string Name, ReferenceAssemblies References)[] Frameworks =
        {
            ("net472", ReferenceSets.Net472), ("netstandard2.0", ReferenceSets.NetStandard20), ("net6.0", ReferenceSets.Net60), ("net8.0", ReferenceSets.Net80),
        };

        private static readonly ConcurrentDictionary<string, Task<ImmutableArray<MetadataReference>>> Resolved = new ConcurrentDictionary<string, Task<ImmutableArray<MetadataReference>>>(StringComparer.Ordinal);

        public static TheoryData<string> ConfusedFiles
        {
            get
            {
                var data = new TheoryData<string>();
                var folder = Path.Combine(RepositoryPaths.Samples, "MorningRoutine", "Confused");
                foreach (var file in Directory.EnumerateFiles(folder, "*.cs").OrderBy(p => p, StringComparer.Ordinal))
                {
                    data.Add(Path.GetFileName(file));
                }

                return data;
            }
        }

        [Theory]
        [MemberData(nameof(ConfusedFiles))]
        [Trait("Category", "Matrix")]
        public async Task ConfusedCases_AcrossLanguageVersionsAndFrameworks_NoThrow_NoFixAddsAnError(string fileName)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "MorningRoutine", "Confused", fileName));
            var analyzers = RuleCatalogueTests.Analyzers.ToImmutableArray();
            var problems = new List<string>();
            var checkedCombinations = 0;
            foreach (var (frameworkName, referenceAssemblies) in Frameworks)
            {
                var references = await Resolved.GetOrAdd(frameworkName, _ => referenceAssemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));
                foreach (var languageVersion in LanguageVersions)
                {
                    checkedCombinations++;
                    var label = $"{fileName} as C# {languageVersion.ToDisplayString()} on {frameworkName}";
                    problems.AddRange((await CheckAsync(text, languageVersion, references, analyzers, RuleCatalogueTests.CodeFixes)).Select(p => label + ": " + p));
                }
            }

            Assert.Equal(Frameworks.Length * LanguageVersions.Length, checkedCombinations);
            Assert.True(problems.Count == 0, string.Join("\n\n", problems.Take(5)));
        }

        [Fact]
        public async Task Harness_CatchesAFixThatBreaksTheBuild()
        {
            // The check must be able to fail: a fix that writes broken code for a real diagnostic is reported.
            const string Source = """
                using System.Threading.Tasks;
                class C
                {
                    static void Main() => Parallel.For(0, 3, async i => await Task.Delay(i));
                }
                """;
            var references = await ReferenceSets.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            var problems = await CheckAsync(Source, LanguageVersion.Latest, references, RuleCatalogueTests.Analyzers.ToImmutableArray(), new CodeFixProvider[] { new BreakingFix() });
            Assert.Contains(problems, p => p.Contains("adds", StringComparison.Ordinal) && p.Contains("CS", StringComparison.Ordinal));
        }

        private static async Task<List<string>> CheckAsync(
            string text, LanguageVersion languageVersion, ImmutableArray<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers, IReadOnlyList<CodeFixProvider> fixers)
        {
            var problems = new List<string>();
            using var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var documentId = DocumentId.CreateNewId(projectId);
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Matrix", "Matrix", LanguageNames.CSharp,
                    compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                        nullableContextOptions: languageVersion >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable),
                    parseOptions: new CSharpParseOptions(languageVersion),
                    metadataReferences: references))
                .AddDocument(documentId, "Case.cs", SourceText.From(text));
            var document = solution.GetDocument(documentId)!;
            var compilation = (await document.Project.GetCompilationAsync().ConfigureAwait(false))!;
            var baseline = ErrorCounts(compilation);

            var exceptions = new ConcurrentQueue<string>();
            var diagnostics = await compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name} threw {exception}"),
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
            problems.AddRange(exceptions);

            foreach (var diagnostic in diagnostics)
            {
                foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var actions = new List<CodeAction>();
                    try
                    {
                        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None)).ConfigureAwait(false);
                        foreach (var action in actions)
                        {
                            var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
                            var changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
                            if (changed is null)
                            {
                                continue;
                            }

                            var fixedCompilation = (await changed.GetProject(projectId)!.GetCompilationAsync().ConfigureAwait(false))!;
                            var added = ErrorCounts(fixedCompilation).Where(pair => pair.Value > baseline.GetValueOrDefault(pair.Key)).Select(pair => pair.Key).ToList();
                            if (added.Count > 0)
                            {
                                var newErrors = fixedCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && added.Contains(d.Id)).Take(3);
                                problems.Add($"fix '{action.Title}' of {diagnostic.Id} at line {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1} adds {string.Join("; ", newErrors)}");
                            }
                        }
                    }
                    catch (Exception exception) when (exception is not OutOfMemoryException)
                    {
                        problems.Add($"{fixer.GetType().Name} threw on {diagnostic.Id} at line {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}: {exception}");
                    }
                }
            }

            return problems;
        }

        private static Dictionary<string, int> ErrorCounts(Compilation compilation) =>
            compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .GroupBy(d => d.Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        /// <summary>A test double: a "fix" for CVP001 that replaces the whole document with code that does not compile.</summary>
        private sealed class BreakingFix : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.AsyncDelegateInParallelLoop);

            public override FixAllProvider? GetFixAllProvider() => null;

            public override Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Break it", _ => Task.FromResult(context.Document.WithText(SourceText.From("class C { void M() { int x = ; } }"))), "Test.Break"),
                    context.Diagnostics);
                return Task.CompletedTask;
            }
        }
    }
}
