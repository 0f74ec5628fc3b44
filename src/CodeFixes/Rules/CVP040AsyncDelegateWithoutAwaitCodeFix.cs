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
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP040: <c>xs.Select(async x =&gt; Work(x))</c> → <c>xs.Select(x =&gt; Task.Run(() =&gt; Work(x)))</c>: the needless
    /// <c>async</c> is dropped and the body, unchanged, runs on the thread pool — real parallelism. Offered only for
    /// lambdas the analyzer found to touch nothing but their own state; never for methods (their other callers).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP040AsyncDelegateWithoutAwaitCodeFix)), Shared]
    public sealed class CVP040AsyncDelegateWithoutAwaitCodeFix : CodeFixProvider
    {
        private const string EquivalenceKey = "CVP040.TaskRun";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncDelegateWithoutAwaitAsConcurrentWork);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not LambdaExpressionSyntax lambda
                || !lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (diagnostic.Properties.ContainsKey(DiagnosticProperties.NoFix)
                    || !diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape)
                    || shape != CVP040AsyncDelegateWithoutAwaitAnalyzer.ShapeLambda)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create("Run the work with 'Task.Run'", ct => UseTaskRunAsync(context.Document, lambda, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> UseTaskRunAsync(Document document, LambdaExpressionSyntax lambda, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var arrow = lambda.ArrowToken;
            var inner = SyntaxFactory.ParenthesizedLambdaExpression()
                .WithArrowToken(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(arrow.TrailingTrivia));
            inner = lambda.Block is { } block ? inner.WithBlock(block) : inner.WithExpressionBody(lambda.ExpressionBody);

            var run = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("System.Threading.Tasks.Task.Run").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(inner))));

            var asyncToken = lambda.AsyncKeyword;
            var withoutAsync = lambda.WithModifiers(SyntaxFactory.TokenList(lambda.Modifiers.Where(m => !m.IsKind(SyntaxKind.AsyncKeyword))));
            LambdaExpressionSyntax replacement = withoutAsync
                .WithArrowToken(arrow.WithTrailingTrivia(SyntaxFactory.Space))
                .WithBlock(null)
                .WithExpressionBody(run);
            replacement = replacement.WithLeadingTrivia(asyncToken.LeadingTrivia);

            var edited = document.WithSyntaxRoot(root.ReplaceNode(lambda, replacement));
            return await AnnotatedImports.AddAndSimplifyAsync(edited, cancellationToken).ConfigureAwait(false);
        }
    }
}
