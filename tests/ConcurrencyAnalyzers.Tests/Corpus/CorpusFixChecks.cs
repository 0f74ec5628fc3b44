using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace ConcurrencyAnalyzers.Tests.Corpus
{
    /// <summary>What trying code fixes on the corpus found: failures (each one line plus details) and notes.</summary>
    public sealed record FixCheckResult(IReadOnlyList<string> Failures, IReadOnlyList<string> Notes, int Runs);

    /// <summary>
    /// Tries code fixes on the morning-routine corpus: each marked diagnostic fixed on its own (the result compiles
    /// and has fewer diagnostics of that rule in that file), and Fix All on each Confused/ file for every kind of
    /// fix (equivalence key) offered there (the result compiles).
    /// </summary>
    public static class CorpusFixChecks
    {
        private static readonly PropertyInfo? NestedActionsProperty = typeof(CodeAction).GetProperty(
            "NestedCodeActions", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

        public static async Task<FixCheckResult> FixEachAsync(SampleCorpus corpus, IReadOnlyList<CodeFixProvider> providers)
        {
            var failures = new List<string>();
            var notes = new List<string>();
            var runs = 0;
            foreach (var diagnostic in MarkedDiagnostics(corpus))
            {
                var key = SampleCorpus.Key(diagnostic);
                var document = corpus.Project.GetDocument(diagnostic.Location.SourceTree)!;
                foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var actions = await RegisterFixesAsync(provider, document, diagnostic);
                    if (actions.Count == 0)
                    {
                        notes.Add(key + ": " + provider.GetType().Name + " offers no fix for this shape");
                        continue;
                    }

                    foreach (var action in actions)
                    {
                        runs++;
                        var what = key + " fix '" + action.Title + "' [" + action.EquivalenceKey + "]";
                        var changed = await ApplyAsync(action, corpus.Project.Solution);
                        if (changed is null)
                        {
                            failures.Add(what + ": produced no change");
                            continue;
                        }

                        var project = changed.GetProject(corpus.Project.Id)!;
                        var compilation = (await project.GetCompilationAsync())!;
                        var errors = Errors(compilation);
                        if (errors.Count > 0)
                        {
                            failures.Add(what + ": the fixed code does not compile:\n      " + string.Join("\n      ", errors));
                            continue;
                        }

                        var tree = (await project.GetDocument(document.Id)!.GetSyntaxTreeAsync())!;
                        var analyzerFailures = new ConcurrentQueue<string>();
                        var after = await SampleCorpus.AnalyzeFileAsync(compilation, tree, analyzerFailures);
                        var before = corpus.Diagnostics.Count(d => d.Id == diagnostic.Id && d.Location.SourceTree == diagnostic.Location.SourceTree);
                        var remaining = after.Count(d => d.Id == diagnostic.Id);
                        if (remaining >= before)
                        {
                            failures.Add(what + ": the diagnostic is still there (" + diagnostic.Id + " in " + key.File + ": " + before + " before the fix, " + remaining + " after)");
                        }

                        failures.AddRange(analyzerFailures.Select(f => what + ": an analyzer threw on the fixed code: " + f));
                    }
                }
            }

            return new FixCheckResult(failures, notes, runs);
        }

        public static async Task<FixCheckResult> FixAllAsync(SampleCorpus corpus, IReadOnlyList<CodeFixProvider> providers)
        {
            var failures = new List<string>();
            var notes = new List<string>();
            var runs = 0;
            var confused = MarkedDiagnostics(corpus)
                .Where(d => SampleCorpus.Key(d).File.StartsWith("Confused/", StringComparison.Ordinal))
                .GroupBy(d => d.Location.SourceTree!);
            foreach (var fileGroup in confused)
            {
                var document = corpus.Project.GetDocument(fileGroup.Key)!;
                var file = SampleCorpus.Key(fileGroup.First()).File;
                foreach (var provider in providers)
                {
                    var fixable = fileGroup.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
                    var fixAll = provider.GetFixAllProvider();
                    if (fixable.IsEmpty || fixAll is null)
                    {
                        continue;
                    }

                    var equivalenceKeys = new SortedSet<string>(StringComparer.Ordinal);
                    foreach (var diagnostic in fixable)
                    {
                        foreach (var action in await RegisterFixesAsync(provider, document, diagnostic))
                        {
                            equivalenceKeys.Add(action.EquivalenceKey ?? string.Empty);
                        }
                    }

                    foreach (var equivalenceKey in equivalenceKeys)
                    {
                        runs++;
                        var what = file + ": Fix All of " + provider.GetType().Name + " [" + equivalenceKey + "]";
                        var context = new FixAllContext(
                            document,
                            provider,
                            FixAllScope.Document,
                            equivalenceKey,
                            fixable.Select(d => d.Id).Distinct(),
                            new KnownDiagnostics(fixable),
                            CancellationToken.None);
                        var action = await fixAll.GetFixAsync(context);
                        if (action is null)
                        {
                            failures.Add(what + ": no action");
                            continue;
                        }

                        var changed = await ApplyAsync(action, corpus.Project.Solution);
                        if (changed is null)
                        {
                            failures.Add(what + ": produced no change");
                            continue;
                        }

                        var errors = Errors((await changed.GetProject(corpus.Project.Id)!.GetCompilationAsync())!);
                        if (errors.Count > 0)
                        {
                            failures.Add(what + ": the fixed code does not compile:\n      " + string.Join("\n      ", errors));
                        }
                        else
                        {
                            notes.Add(what + ": compiles");
                        }
                    }
                }
            }

            return new FixCheckResult(failures, notes, runs);
        }

        /// <summary>The reported diagnostics that a marker expects (the corpus test checks that these are all of them).</summary>
        public static IReadOnlyList<Diagnostic> MarkedDiagnostics(SampleCorpus corpus)
        {
            var markers = new HashSet<ExpectedDiagnostic>(SampleCorpus.ReadMarkers().Markers);
            return corpus.Diagnostics
                .Where(d => markers.Contains(SampleCorpus.Key(d)))
                .OrderBy(d => SampleCorpus.Key(d))
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToList();
        }

        private static async Task<IReadOnlyList<CodeAction>> RegisterFixesAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await provider.RegisterCodeFixesAsync(context);
            return actions.SelectMany(Flatten).ToList();
        }

        /// <summary>Actions grouped under one menu entry are tried one by one (the property is internal in Roslyn 4.8).</summary>
        private static IEnumerable<CodeAction> Flatten(CodeAction action)
        {
            var nested = NestedActionsProperty?.GetValue(action) is ImmutableArray<CodeAction> { IsDefaultOrEmpty: false } children
                ? children
                : ImmutableArray<CodeAction>.Empty;
            return nested.IsEmpty ? new[] { action } : nested.SelectMany(Flatten);
        }

        /// <summary>
        /// The solution the action produces, each changed document re-read from its text: what the user gets is
        /// the text (a tree built by hand can bind differently from the same text parsed, e.g. an
        /// <c>IdentifierName("_")</c> that is not a discard until parsed).
        /// </summary>
        private static async Task<Solution?> ApplyAsync(CodeAction action, Solution original)
        {
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution;
            if (changed is null)
            {
                return null;
            }

            foreach (var projectChanges in changed.GetChanges(original).GetProjectChanges())
            {
                foreach (var id in projectChanges.GetChangedDocuments().Concat(projectChanges.GetAddedDocuments()))
                {
                    var text = await changed.GetDocument(id)!.GetTextAsync();
                    changed = changed.WithDocumentText(id, SourceText.From(text.ToString()));
                }
            }

            return changed;
        }

        private static List<string> Errors(Compilation compilation) =>
            compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => SampleCorpus.Key(d) + " " + d.GetMessage() + "    | " + LineOf(d))
                .ToList();

        private static string LineOf(Diagnostic diagnostic)
        {
            if (!diagnostic.Location.IsInSource)
            {
                return string.Empty;
            }

            var text = diagnostic.Location.SourceTree!.GetText();
            return text.Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim();
        }

        /// <summary>Hands Fix All the diagnostics the corpus run found.</summary>
        private sealed class KnownDiagnostics : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> diagnostics;

            public KnownDiagnostics(ImmutableArray<Diagnostic> diagnostics)
            {
                this.diagnostics = diagnostics;
            }

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
                Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult(Enumerable.Empty<Diagnostic>());

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        }
    }
}
