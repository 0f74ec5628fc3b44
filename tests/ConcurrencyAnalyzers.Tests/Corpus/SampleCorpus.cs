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
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ConcurrencyAnalyzers.Tests.Corpus
{
    /// <summary>
    /// The morning-routine sample as a corpus: every .cs file under samples/MorningRoutine (bin/ and obj/ left
    /// out), compiled the way the sample project compiles them (net10.0 reference pack, C# 12, nullable,
    /// console application) in an <see cref="AdhocWorkspace"/>, and analyzed with every analyzer of the
    /// ConcurrencyAnalyzers assembly.
    /// </summary>
    public sealed class SampleCorpus
    {
        public static readonly string Folder = Path.Combine(RepositoryPaths.Samples, "MorningRoutine");

        /// <summary>The sample project sets LangVersion 12: the language of the Roslyn the analyzers are built against.</summary>
        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(
            LanguageVersion.CSharp12,
            preprocessorSymbols: new[] { "DEBUG", "TRACE", "NET", "NET10_0", "NETCOREAPP", "NET10_0_OR_GREATER", "NET8_0_OR_GREATER", "NET6_0_OR_GREATER", "NETCOREAPP3_0_OR_GREATER" });

        public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
            OutputKind.ConsoleApplication,
            nullableContextOptions: NullableContextOptions.Enable);

        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences =
            new Lazy<ImmutableArray<MetadataReference>>(LoadReferences, LazyThreadSafetyMode.ExecutionAndPublication);

        private SampleCorpus(Project project, Compilation compilation, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<string> analyzerFailures)
        {
            Project = project;
            Compilation = compilation;
            Diagnostics = diagnostics;
            AnalyzerFailures = analyzerFailures;
        }

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = RuleCatalogueTests.Analyzers.ToImmutableArray();

        /// <summary>IDs some analyzer supports: markers of other IDs wait for their rule and are skipped.</summary>
        public static ImmutableHashSet<string> SupportedIds { get; } =
            RuleCatalogueTests.Supported.Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);

        /// <summary>Where the reference assemblies came from (for the test output).</summary>
        public static string ReferenceSource { get; private set; } = string.Empty;

        public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

        public Project Project { get; }

        public Compilation Compilation { get; }

        /// <summary>Every CVP diagnostic the analyzers reported on the corpus.</summary>
        public ImmutableArray<Diagnostic> Diagnostics { get; }

        /// <summary>Exceptions thrown by analyzers (AD0001): always a failure.</summary>
        public ImmutableArray<string> AnalyzerFailures { get; }

        public IEnumerable<Diagnostic> CompileErrors => Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);

        /// <summary>The sample's .cs files as paths relative to the sample folder, with '/' separators.</summary>
        public static IReadOnlyList<string> SourceFiles() =>
            Directory.EnumerateFiles(Folder, "*.cs", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(Folder, path).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(path => !IsBuildOutput(path))
                .OrderBy(path => path, StringComparer.Ordinal)
                .ToList();

        /// <summary>Every marker of the corpus, with the malformed marker lines.</summary>
        public static (ImmutableArray<ExpectedDiagnostic> Markers, ImmutableArray<string> Malformed) ReadMarkers()
        {
            var markers = ImmutableArray.CreateBuilder<ExpectedDiagnostic>();
            var malformed = ImmutableArray.CreateBuilder<string>();
            foreach (var file in SourceFiles())
            {
                var parsed = ExpectationMarkers.Parse(file, File.ReadAllText(Path.Combine(Folder, file)));
                markers.AddRange(parsed.Markers);
                malformed.AddRange(parsed.Malformed);
            }

            return (markers.ToImmutable(), malformed.ToImmutable());
        }

        /// <summary>The corpus compiled and analyzed once per test run (solutions are immutable: tests share it).</summary>
        public static Task<SampleCorpus> LoadAsync() => Shared.Value;

        private static readonly Lazy<Task<SampleCorpus>> Shared =
            new Lazy<Task<SampleCorpus>>(() => Task.Run(BuildAsync), LazyThreadSafetyMode.ExecutionAndPublication);

        private static async Task<SampleCorpus> BuildAsync()
        {
            var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId("MorningRoutine");
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "MorningRoutine",
                "MorningRoutine",
                LanguageNames.CSharp,
                compilationOptions: CompilationOptions,
                parseOptions: ParseOptions,
                metadataReferences: References));
            foreach (var file in SourceFiles())
            {
                var text = SourceText.From(File.ReadAllText(Path.Combine(Folder, file)));
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId, file), Path.GetFileName(file), text, FolderOf(file), file);
            }

            var project = solution.GetProject(projectId)!;
            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            var failures = new ConcurrentQueue<string>();
            var diagnostics = await AnalyzeAsync(compilation, failures).ConfigureAwait(false);
            return new SampleCorpus(project, compilation, diagnostics, failures.ToImmutableArray());
        }

        /// <summary>All analyzer diagnostics of a whole compilation.</summary>
        public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ConcurrentQueue<string> failures)
        {
            if (Analyzers.IsEmpty)
            {
                return ImmutableArray<Diagnostic>.Empty;
            }

            var withAnalyzers = compilation.WithAnalyzers(Analyzers, Options(failures));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
            return diagnostics.Where(d => d.Id.StartsWith("CVP", StringComparison.Ordinal)).ToImmutableArray();
        }

        /// <summary>The analyzer diagnostics of one file of a compilation (cheaper than the whole compilation).</summary>
        public static async Task<ImmutableArray<Diagnostic>> AnalyzeFileAsync(Compilation compilation, SyntaxTree tree, ConcurrentQueue<string> failures)
        {
            if (Analyzers.IsEmpty)
            {
                return ImmutableArray<Diagnostic>.Empty;
            }

            var withAnalyzers = compilation.WithAnalyzers(Analyzers, Options(failures));
            var syntax = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None).ConfigureAwait(false);
            var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, CancellationToken.None).ConfigureAwait(false);
            return syntax.Concat(semantic).Where(d => d.Id.StartsWith("CVP", StringComparison.Ordinal)).ToImmutableArray();
        }

        /// <summary>(file, line, ID) of a diagnostic, the file relative to the sample folder.</summary>
        public static ExpectedDiagnostic Key(Diagnostic diagnostic)
        {
            if (!diagnostic.Location.IsInSource)
            {
                return new ExpectedDiagnostic("<no source location>", 0, diagnostic.Id);
            }

            var span = diagnostic.Location.GetLineSpan();
            return new ExpectedDiagnostic(span.Path, span.StartLinePosition.Line + 1, diagnostic.Id);
        }

        /// <summary>The text of a line of a sample file, for readable failure messages.</summary>
        public static string LineText(string file, int line)
        {
            var path = Path.Combine(Folder, file);
            if (!File.Exists(path) || line < 1)
            {
                return string.Empty;
            }

            var lines = File.ReadAllLines(path);
            return line <= lines.Length ? lines[line - 1].Trim() : string.Empty;
        }

        private static CompilationWithAnalyzersOptions Options(ConcurrentQueue<string> failures) =>
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, analyzer, diagnostic) => failures.Enqueue(analyzer.GetType().Name + " threw " + exception.GetType().Name + ": " + exception.Message + " (" + diagnostic.Location.GetLineSpan() + ")"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false);

        private static bool IsBuildOutput(string relativePath) =>
            relativePath.StartsWith("bin/", StringComparison.Ordinal) || relativePath.StartsWith("obj/", StringComparison.Ordinal)
            || relativePath.Contains("/bin/", StringComparison.Ordinal) || relativePath.Contains("/obj/", StringComparison.Ordinal);

        private static IEnumerable<string> FolderOf(string file)
        {
            var parts = file.Split('/');
            return parts.Take(parts.Length - 1);
        }

        /// <summary>
        /// The net10.0 reference pack the sample builds against, found beside the running runtime
        /// (dotnet/packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net&lt;major&gt;.0); without a pack, the running
        /// runtime's own assemblies (same API, implementation flavour).
        /// </summary>
        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var major = Environment.Version.Major;
            var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
            var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            if (Directory.Exists(packs))
            {
                var pack = Directory.EnumerateDirectories(packs)
                    .Select(dir => (Dir: dir, Version: Version.TryParse(Path.GetFileName(dir).Split('-')[0], out var v) ? v : null))
                    .Where(p => p.Version is not null && p.Version.Major == major)
                    .OrderByDescending(p => p.Version)
                    .Select(p => Path.Combine(p.Dir, "ref", "net" + major + ".0"))
                    .FirstOrDefault(Directory.Exists);
                if (pack is not null)
                {
                    ReferenceSource = pack;
                    return Directory.EnumerateFiles(pack, "*.dll")
                        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                        .ToImmutableArray();
                }
            }

            ReferenceSource = runtimeDirectory;
            var trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            return trusted.Split(Path.PathSeparator)
                .Where(path => string.Equals(Path.GetDirectoryName(path), runtimeDirectory, StringComparison.Ordinal))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        }
    }
}
