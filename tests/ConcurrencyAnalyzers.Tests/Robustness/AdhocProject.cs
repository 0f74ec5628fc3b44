using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
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

namespace ConcurrencyAnalyzers.Tests.Robustness
{
    /// <summary>
    /// A one-document C# project in an <see cref="AdhocWorkspace"/> (the runtime's own System* assemblies as
    /// references), for robustness checks that look at every rule at once or call analyzers and fixes directly.
    /// </summary>
    internal sealed class AdhocProject : IDisposable
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new Lazy<ImmutableArray<MetadataReference>>(() =>
            ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray());

        private readonly AdhocWorkspace workspace = new AdhocWorkspace();

        public AdhocProject(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
        {
            var projectId = ProjectId.CreateNewId();
            var documentId = DocumentId.CreateNewId(projectId);
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Adhoc", "Adhoc", LanguageNames.CSharp,
                    compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable),
                    parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                    metadataReferences: References.Value))
                .AddDocument(documentId, "Case.cs", SourceText.From(source));
            Document = solution.GetDocument(documentId)!;
        }

        public Document Document { get; }

        public static IReadOnlyList<DiagnosticAnalyzer> AllAnalyzers => RuleCatalogueTests.Analyzers;

        public static IReadOnlyList<CodeFixProvider> AllCodeFixes => RuleCatalogueTests.CodeFixes;

        public async Task<Compilation> CompilationAsync() => (await Document.Project.GetCompilationAsync().ConfigureAwait(false))!;

        /// <summary>Every rule's diagnostics; analyzer exceptions are collected in <paramref name="exceptions"/> (none expected).</summary>
        public async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(ConcurrentQueue<Exception> exceptions, CancellationToken cancellationToken = default)
        {
            var compilation = await CompilationAsync().ConfigureAwait(false);
            return await compilation.WithAnalyzers(
                    AllAnalyzers.ToImmutableArray(),
                    new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                        (exception, _, _) => exceptions.Enqueue(exception),
                        concurrentAnalysis: false,
                        logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The code actions every provider registers for <paramref name="diagnostic"/>.</summary>
        public async Task<List<CodeAction>> ActionsAsync(Diagnostic diagnostic, CancellationToken cancellationToken = default)
        {
            var actions = new List<CodeAction>();
            foreach (var fixer in AllCodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(Document, diagnostic, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
            }

            return actions;
        }

        public void Dispose() => workspace.Dispose();
    }
}
