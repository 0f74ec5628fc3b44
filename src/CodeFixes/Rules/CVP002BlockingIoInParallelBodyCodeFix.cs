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
    /// CVP002: turns a parallel loop whose body blocks on IO into <c>await Parallel.ForEachAsync</c> /
    /// <c>await Parallel.ForAsync</c> that awaits the async counterparts with the loop's token, and makes the
    /// enclosing function async where no caller can break.
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(CVP002BlockingIoInParallelBodyCodeFix)), Shared]
    public sealed class CVP002BlockingIoInParallelBodyCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingIoInParallelBody);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            var plans = await CreatePlansAsync(context.Document, new[] { diagnostic }, equivalenceKey: null, context.CancellationToken).ConfigureAwait(false);
            if (plans.Count == 0)
            {
                return;
            }

            var key = plans[0].Key;
            context.RegisterCodeFix(
                CodeAction.Create(
                    key == CVP002AsyncLoopPlanner.ForAsyncKey ? "Use 'await Parallel.ForAsync' and async IO" : "Use 'await Parallel.ForEachAsync' and async IO",
                    ct => ApplyAsync(context.Document, plans.Select(p => p.Plan).ToList(), ct),
                    key),
                diagnostic);
        }

        private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var plans = await CreatePlansAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false);
            return plans.Count == 0 ? document : await ApplyAsync(document, plans.Select(p => p.Plan).ToList(), context.CancellationToken).ConfigureAwait(false);
        }

        /// <summary>One plan per parallel call (a body with three blocking calls has three diagnostics and one rewrite).</summary>
        private static async Task<List<(CVP002Plan Plan, string Key)>> CreatePlansAsync(
            Document document, IEnumerable<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
        {
            var plans = new List<(CVP002Plan, string)>();
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return plans;
            }

            var seen = new HashSet<TextSpan>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape) || shape is null
                    || diagnostic.AdditionalLocations.Count == 0
                    || (equivalenceKey is not null && CVP002AsyncLoopPlanner.KeyOf(shape) != equivalenceKey))
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

                var plan = await CVP002AsyncLoopPlanner.CreateAsync(document, model, invocation, shape, cancellationToken).ConfigureAwait(false);
                if (plan is not null)
                {
                    plans.Add((plan, CVP002AsyncLoopPlanner.KeyOf(shape)));
                }
            }

            return plans;
        }

        /// <summary>Applies every plan in one editor pass, loops first; each enclosing function changes once.</summary>
        private static async Task<Document> ApplyAsync(Document document, IReadOnlyList<CVP002Plan> plans, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var edits = new List<(SyntaxNode Node, Func<SyntaxNode, SyntaxNode> Change)>();
            foreach (var plan in plans)
            {
                edits.Add((plan.Invocation, _ => plan.Replacement));
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
            changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
