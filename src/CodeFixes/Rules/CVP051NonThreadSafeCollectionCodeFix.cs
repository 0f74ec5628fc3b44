using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using ConcurrencyAnalyzers.Infrastructure;
using ConcurrencyAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP051: retypes a local collection to its System.Collections.Concurrent counterpart when every use
    /// stays valid; otherwise (or as a second choice) wraps the statements of the parallel body that touch
    /// the collection in <c>lock (gate)</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP051NonThreadSafeCollectionCodeFix)), Shared]
    public sealed class CVP051NonThreadSafeCollectionCodeFix : CodeFixProvider
    {
        internal const string ConcurrentKey = "CVP051.Concurrent";
        internal const string LockKey = "CVP051.Lock";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NonThreadSafeCollectionInParallelBody);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape) || FindMutation(root, diagnostic) is not { } mutation)
                {
                    continue;
                }

                if (shape is CVP051NonThreadSafeCollectionAnalyzer.Concurrent or CVP051NonThreadSafeCollectionAnalyzer.ConcurrentOrLock
                    && PlanSwap(model, mutation, context.CancellationToken) is { } swap)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Use '" + swap.ConcurrentType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "'",
                            ct => ApplySwapsAsync(document, root, new[] { swap }, ct),
                            ConcurrentKey),
                        diagnostic);
                }

                if (shape is CVP051NonThreadSafeCollectionAnalyzer.Lock or CVP051NonThreadSafeCollectionAnalyzer.ConcurrentOrLock
                    && PlanLock(model, root, mutation, diagnostic, context.CancellationToken) is { } plan)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Wrap the mutation in 'lock'",
                            ct => Task.FromResult(document.WithSyntaxRoot(LockWrapper.Apply(model, root, new[] { plan }, ct))),
                            LockKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return null;
            }

            var swaps = new List<ConcurrentSwapPlan>();
            var locks = new List<LockPlan>();
            foreach (var diagnostic in diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape) || FindMutation(root, diagnostic) is not { } mutation)
                {
                    continue;
                }

                if (context.CodeActionEquivalenceKey == ConcurrentKey)
                {
                    if (shape is CVP051NonThreadSafeCollectionAnalyzer.Concurrent or CVP051NonThreadSafeCollectionAnalyzer.ConcurrentOrLock
                        && PlanSwap(model, mutation, context.CancellationToken) is { } swap
                        && !swaps.Any(s => s.Declaration == swap.Declaration))
                    {
                        swaps.Add(swap);
                    }
                }
                else if (shape is CVP051NonThreadSafeCollectionAnalyzer.Lock or CVP051NonThreadSafeCollectionAnalyzer.ConcurrentOrLock
                    && PlanLock(model, root, mutation, diagnostic, context.CancellationToken) is { } plan)
                {
                    locks.Add(plan);
                }
            }

            if (context.CodeActionEquivalenceKey == ConcurrentKey)
            {
                return swaps.Count == 0 ? document : await ApplySwapsAsync(document, root, swaps, context.CancellationToken).ConfigureAwait(false);
            }

            return locks.Count == 0 ? document : document.WithSyntaxRoot(LockWrapper.Apply(model, root, locks, context.CancellationToken));
        }

        private static Task<Document> ApplySwapsAsync(Document document, SyntaxNode root, IReadOnlyList<ConcurrentSwapPlan> swaps, CancellationToken cancellationToken)
        {
            var newRoot = root.ReplaceNodes(
                swaps.Select(s => s.Declaration),
                (original, current) => ConcurrentCollectionSwap.Apply(swaps.First(s => s.Declaration == original), current));
            return ImportAdder.AddImportsAsync(document.WithSyntaxRoot(newRoot), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);
        }

        private static ConcurrentSwapPlan? PlanSwap(SemanticModel model, ExpressionSyntax mutation, CancellationToken cancellationToken) =>
            ReceiverOf(mutation) is { } receiver && model.GetSymbolInfo(receiver, cancellationToken).Symbol is ILocalSymbol local
                ? ConcurrentCollectionSwap.Plan(model, local, cancellationToken)
                : null;

        private static LockPlan? PlanLock(SemanticModel model, SyntaxNode root, ExpressionSyntax mutation, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.AdditionalLocations.Count < 2)
            {
                return null;
            }

            var invocation = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            var function = root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true)
                .FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>();
            if (function is null)
            {
                return null;
            }

            var receiver = ReceiverOf(mutation);
            var guarded = receiver is null ? null : model.GetSymbolInfo(receiver, cancellationToken).Symbol;
            return LockWrapper.Plan(model, mutation, guarded, invocation, function, cancellationToken);
        }

        private static ExpressionSyntax? FindMutation(SyntaxNode root, Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            return root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionSyntax>(e => e.Span == span);
        }

        /// <summary>The collection expression: <c>list</c> in <c>list.Add(x)</c>, <c>dict</c> in <c>dict[k] = v</c>.</summary>
        private static ExpressionSyntax? ReceiverOf(ExpressionSyntax mutation)
        {
            var target = mutation switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Expression,
                AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax element } => element.Expression,
                PostfixUnaryExpressionSyntax { Operand: ElementAccessExpressionSyntax element } => element.Expression,
                PrefixUnaryExpressionSyntax { Operand: ElementAccessExpressionSyntax element } => element.Expression,
                _ => null,
            };
            return target is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member ? member.Name : target;
        }
    }
}
