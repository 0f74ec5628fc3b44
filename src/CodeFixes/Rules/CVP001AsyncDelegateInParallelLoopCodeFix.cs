using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP001: turns a parallel loop fed an async delegate into an awaited async loop —
    /// <c>await Parallel.ForEachAsync</c>, <c>await Parallel.ForAsync</c>, or <c>await Task.WhenAll</c> — and makes the
    /// enclosing function async where no caller can break.
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(CVP001AsyncDelegateInParallelLoopCodeFix)), Shared]
    public sealed class CVP001AsyncDelegateInParallelLoopCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncDelegateInParallelLoop);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape) || shape is null)
            {
                return;
            }

            var plans = await CreatePlansAsync(context.Document, new[] { diagnostic }, equivalenceKey: null, context.CancellationToken).ConfigureAwait(false);
            if (plans.Count == 0)
            {
                return;
            }

            var plan = plans[0];
            context.RegisterCodeFix(
                CodeAction.Create(TitleOf(plan.EquivalenceKey), ct => ApplyAsync(context.Document, plans, ct), plan.EquivalenceKey),
                diagnostic);
        }

        private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var plans = await CreatePlansAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false);
            return plans.Count == 0 ? document : await ApplyAsync(document, plans, context.CancellationToken).ConfigureAwait(false);
        }

        private static string TitleOf(string key) => key switch
        {
            CVP001LoopRewritePlanner.ForEachAsyncKey => "Use 'await Parallel.ForEachAsync'",
            CVP001LoopRewritePlanner.ForAsyncKey => "Use 'await Parallel.ForAsync'",
            _ => "Use 'await Task.WhenAll'",
        };

        /// <summary>One plan per parallel call (Parallel.Invoke with two async lambdas has two diagnostics, one rewrite).</summary>
        private static async Task<List<CVP001Plan>> CreatePlansAsync(
            Document document, IEnumerable<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
        {
            var plans = new List<CVP001Plan>();
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return plans;
            }

            var known = KnownSymbols.Create(model.Compilation);
            var seen = new HashSet<TextSpan>();
            var reserved = new List<(TextSpan Span, string Name)>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape) || shape is null
                    || diagnostic.AdditionalLocations.Count == 0
                    || (equivalenceKey is not null && CVP001LoopRewritePlanner.KeyOf(shape) != equivalenceKey))
                {
                    continue;
                }

                var span = diagnostic.AdditionalLocations[0].SourceSpan;
                if (!seen.Add(span)
                    || root.FindNode(span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                    || invocation.Span != span)
                {
                    continue;
                }

                var plan = await CVP001LoopRewritePlanner.CreateAsync(document, model, known, invocation, shape, reserved, cancellationToken).ConfigureAwait(false);
                if (plan is not null)
                {
                    plans.Add(plan);
                    reserved.AddRange(plan.AddedNames);
                }
            }

            return plans;
        }

        /// <summary>Applies every plan in one editor pass, innermost edits first; each enclosing function changes once.</summary>
        private static async Task<Document> ApplyAsync(Document document, IReadOnlyList<CVP001Plan> plans, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var edits = new List<(SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Change)>();
            foreach (var plan in plans)
            {
                cancellationToken.ThrowIfCancellationRequested();
                edits.Add((plan.Invocation, current =>
                {
                    var call = (InvocationExpressionSyntax)current;
                    return AwaitSyntax.Await(plan.Rewrite(call).WithTriviaFrom(call));
                }));
            }

            foreach (var function in plans.Select(p => p.Function.Function).Where(f => f is not null).Distinct())
            {
                edits.Add((function!, EnclosingFunctionAsync.Apply));
            }

            foreach (var (node, change) in edits.OrderBy(e => e.Node.Span.Length))
            {
                cancellationToken.ThrowIfCancellationRequested();
                editor.ReplaceNode(node, (current, _) => change(current));
            }

            var changed = editor.GetChangedDocument();
            if (plans.Any(p => p.NeedsLinq)
                && await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is CompilationUnitSyntax unit)
            {
                changed = changed.WithSyntaxRoot(UsingDirectives.Ensure(unit, "System.Linq"));
            }

            changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
