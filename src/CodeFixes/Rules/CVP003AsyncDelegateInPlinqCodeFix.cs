using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.Infrastructure;
using ConcurrencyAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP003: <c>source.AsParallel()[.WithDegreeOfParallelism(n)…].Select(async x => …)</c> feeding
    /// <c>Task.WhenAll</c> (or <c>.ToArray()</c>/<c>.ToList()</c>) becomes <c>source.Select(async x => …)</c>:
    /// the tasks are started one after another on the caller's thread and awaited together, in source order.
    /// </summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(CVP003AsyncDelegateInPlinqCodeFix)), Shared]
    public sealed class CVP003AsyncDelegateInPlinqCodeFix : CodeFixProvider
    {
        public const string DropAsParallelKey = "CVP003.DropAsParallel";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncDelegateInPlinq);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape)
                || shape != CVP003AsyncDelegateInPlinqAnalyzer.DropAsParallelShape
                || diagnostic.AdditionalLocations.Count == 0)
            {
                return;
            }

            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            var span = diagnostic.AdditionalLocations[0].SourceSpan;
            if (root is null || model is null
                || root.FindNode(span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax select
                || select.Span != span
                || Rewrite(model, select, context.CancellationToken) is not { } replacement
                || !BindsToEnumerableSelect(model, select, replacement, context.CancellationToken))
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use a sequential 'Select' and await the tasks together",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(select, replacement))),
                    DropAsParallelKey),
                diagnostic);
        }

        /// <summary><c>source.AsParallel()….Select(f)</c> → <c>source.Select(f)</c> (the analyzer checked the chain's symbols).</summary>
        private static InvocationExpressionSyntax? Rewrite(SemanticModel model, InvocationExpressionSyntax select, CancellationToken cancellationToken)
        {
            var known = KnownSymbols.Create(model.Compilation);
            if (select.Expression is not MemberAccessExpressionSyntax selectAccess)
            {
                return null;
            }

            var chain = selectAccess.Expression;
            while (chain is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
            {
                if (model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method && KnownSymbols.IsOneOf(method, known.PlinqAsParallel))
                {
                    var source = access.Expression.WithTrailingTrivia(selectAccess.Expression.GetTrailingTrivia());
                    return select.WithExpression(selectAccess.WithExpression(source));
                }

                chain = access.Expression;
            }

            return null;
        }

        /// <summary>The rewritten call must bind to Enumerable.Select (not Queryable.Select, not an instance Select).</summary>
        private static bool BindsToEnumerableSelect(SemanticModel model, InvocationExpressionSyntax original, InvocationExpressionSyntax replacement, CancellationToken cancellationToken)
        {
            var known = KnownSymbols.Create(model.Compilation);
            var info = model.GetSpeculativeSymbolInfo(original.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
            cancellationToken.ThrowIfCancellationRequested();
            return info.Symbol is IMethodSymbol method && KnownSymbols.IsOneOf(method, known.EnumerableSelect);
        }
    }
}
