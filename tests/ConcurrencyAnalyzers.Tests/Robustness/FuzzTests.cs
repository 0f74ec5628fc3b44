using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace ConcurrencyAnalyzers.Tests.Robustness
{
    /// <summary>
    /// Code as it looks while being typed must never make an analyzer or a code fix throw, and a fix
    /// applied to code without compiler errors must not introduce one. Seeded and reproducible: a failure
    /// prints the seed of the variant; set CVP_FUZZ_SEED to that seed and CVP_FUZZ_VARIANTS=1 to replay it.
    /// </summary>
    public sealed class FuzzTests
    {
        private const int DefaultSeed = 20261126;
        private const int DefaultVariants = 2000;

        private static readonly LanguageVersion[] LanguageVersions =
        {
            LanguageVersion.CSharp7_3, LanguageVersion.CSharp8, LanguageVersion.CSharp9, LanguageVersion.CSharp10,
            LanguageVersion.CSharp11, LanguageVersion.CSharp12, LanguageVersion.Latest, LanguageVersion.Latest, LanguageVersion.Latest,
        };

        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new Lazy<ImmutableArray<MetadataReference>>(() =>
            ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray());

        private readonly ITestOutputHelper output;

        public FuzzTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        [Trait("Category", "Fuzz")]
        public async Task MutatedSources_NeverMakeAnAnalyzerOrFixThrow_AndFixesAddNoCompilerError()
        {
            var seed = ReadSetting("CVP_FUZZ_SEED", DefaultSeed);
            var variants = ReadSetting("CVP_FUZZ_VARIANTS", DefaultVariants);
            var corpus = FuzzCorpus.All;
            Assert.NotEmpty(corpus);

            var analyzers = RuleCatalogueTests.Analyzers.ToImmutableArray();
            var fixers = RuleCatalogueTests.CodeFixes;
            var failures = new ConcurrentQueue<string>();
            var stats = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var stopwatch = Stopwatch.StartNew();

            await Parallel.ForEachAsync(Enumerable.Range(0, variants), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (index, cancellationToken) =>
            {
                var variantSeed = unchecked(seed + index);
                var random = new Random(variantSeed);
                var (name, original) = corpus[random.Next(corpus.Count)];
                var (kind, text) = SourceMutator.Mutate(original, random);
                var languageVersion = LanguageVersions[random.Next(LanguageVersions.Length)];
                try
                {
                    var problems = await CheckVariantAsync(text, languageVersion, analyzers, fixers, stats, cancellationToken).ConfigureAwait(false);
                    foreach (var problem in problems)
                    {
                        failures.Enqueue($"seed {variantSeed} ({kind} of {name}, C# {languageVersion.ToDisplayString()}): {problem}\n--- variant ---\n{text}\n---");
                    }
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    failures.Enqueue($"seed {variantSeed} ({kind} of {name}, C# {languageVersion.ToDisplayString()}): the harness itself failed: {exception}\n--- variant ---\n{text}\n---");
                }
            });

            output.WriteLine($"{variants} variants from {corpus.Count} sources (seed {seed}) in {stopwatch.Elapsed.TotalSeconds:F1} s: "
                + string.Join(", ", stats.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
            Assert.True(failures.IsEmpty, $"{failures.Count} failures; the first ones:\n" + string.Join("\n\n", failures.Take(5)));
        }

        [Fact]
        public async Task Harness_CatchesAThrowingAnalyzer()
        {
            // The harness must be able to fail: an analyzer that throws on every invocation is reported.
            var problems = await CheckVariantAsync(
                "class C { void M() { System.Console.WriteLine(); } }",
                LanguageVersion.Latest,
                ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()),
                Array.Empty<CodeFixProvider>(),
                new ConcurrentDictionary<string, int>(StringComparer.Ordinal),
                CancellationToken.None);
            Assert.Contains(problems, p => p.Contains(nameof(ThrowingAnalyzer), StringComparison.Ordinal) && p.Contains("InvalidOperationException", StringComparison.Ordinal));
        }

        private static async Task<List<string>> CheckVariantAsync(
            string text, LanguageVersion languageVersion, ImmutableArray<DiagnosticAnalyzer> analyzers, IReadOnlyList<CodeFixProvider> fixers,
            ConcurrentDictionary<string, int> stats, CancellationToken cancellationToken)
        {
            var problems = new List<string>();
            using var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var parseOptions = new CSharpParseOptions(languageVersion);
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, "Fuzz", "Fuzz", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: languageVersion >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable),
                parseOptions: parseOptions,
                metadataReferences: References.Value));
            var documentId = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(documentId, "Variant.cs", SourceText.From(text));
            var document = solution.GetDocument(documentId)!;
            var compilation = (await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var hadErrors = compilation.GetDiagnostics(cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
            stats.AddOrUpdate(hadErrors ? "with compiler errors" : "compiling", 1, (_, n) => n + 1);

            var analyzerExceptions = new ConcurrentQueue<string>();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, analyzer, diagnostic) => analyzerExceptions.Enqueue($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            problems.AddRange(analyzerExceptions);
            stats.AddOrUpdate("diagnostics", diagnostics.Length, (_, n) => n + diagnostics.Length);

            foreach (var diagnostic in diagnostics)
            {
                foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var actions = new List<CodeAction>();
                    try
                    {
                        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
                        await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        problems.Add($"{fixer.GetType().Name}.RegisterCodeFixesAsync threw on {diagnostic.Id} at {diagnostic.Location.GetLineSpan()}: {exception}");
                        continue;
                    }

                    foreach (var action in actions)
                    {
                        stats.AddOrUpdate("fixes applied", 1, (_, n) => n + 1);
                        try
                        {
                            var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                            var changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
                            if (changed is null || hadErrors)
                            {
                                continue;
                            }

                            var fixedCompilation = (await changed.GetProject(projectId)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
                            var newErrors = fixedCompilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                            if (newErrors.Count > 0)
                            {
                                var fixedText = (await changed.GetDocument(documentId)!.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                                problems.Add($"fix '{action.Title}' of {diagnostic.Id} at {diagnostic.Location.GetLineSpan()} introduced {string.Join("; ", newErrors.Take(3))}\n--- fixed ---\n{fixedText}");
                            }
                        }
                        catch (Exception exception) when (exception is not OperationCanceledException)
                        {
                            problems.Add($"fix '{action.Title}' of {diagnostic.Id} at {diagnostic.Location.GetLineSpan()} threw: {exception}");
                        }
                    }
                }
            }

            return problems;
        }

        private static int ReadSetting(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

        // A test double that is never shipped: release tracking and the analyzer-project rules do not apply.
#pragma warning disable RS1036, RS2008
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor("TEST01", "t", "t", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterOperationAction(_ => throw new InvalidOperationException("boom"), OperationKind.Invocation);
            }
        }
#pragma warning restore RS1036, RS2008
    }
}
