using System.Collections.Immutable;
using System.Composition;
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

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP020: <c>t.Result</c> / <c>t.GetAwaiter().GetResult()</c> / <c>t.Wait()</c> → <c>await t</c>;
    /// <c>t.Wait(token)</c> → <c>await t.WaitAsync(token)</c>; <c>semaphore.Wait(…)</c> → <c>await semaphore.WaitAsync(…)</c>;
    /// <c>Task.WaitAll(…)</c> → <c>await Task.WhenAll(…)</c>; <c>Task.WaitAny(…);</c> → <c>await Task.WhenAny(…);</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP020BlockingWaitInAsyncCodeCodeFix)), Shared]
    public sealed class CVP020BlockingWaitInAsyncCodeCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingWaitInAsyncCode);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape) || shape is null
                    || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax node
                    || Rewrite(node, shape, context.CancellationToken) is not { } replacement)
                {
                    continue;
                }

                var title = shape switch
                {
                    CVP020BlockingWaitInAsyncCodeAnalyzer.Shapes.WhenAll => "Use 'await Task.WhenAll'",
                    CVP020BlockingWaitInAsyncCodeAnalyzer.Shapes.WhenAny => "Use 'await Task.WhenAny'",
                    CVP020BlockingWaitInAsyncCodeAnalyzer.Shapes.WaitAsync => "Use 'await WaitAsync'",
                    _ => "Use 'await'",
                };
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => ReplaceAsync(document, node, replacement, ct), equivalenceKey: RuleIds.BlockingWaitInAsyncCode + "." + shape),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
        }

        /// <summary>The replacement for the reported node, or null when its syntax is not the expected shape.</summary>
        private static ExpressionSyntax? Rewrite(ExpressionSyntax node, string shape, CancellationToken cancellationToken)
        {
            switch (shape)
            {
                case CVP020BlockingWaitInAsyncCodeAnalyzer.Shapes.Await:
                    return AwaitedTask(node) is { } task ? AwaitSyntax.Replacing(node, task, cancellationToken) : null;

                case CVP020BlockingWaitInAsyncCodeAnalyzer.Shapes.WaitAsync:
                    if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax wait } waitCall)
                    {
                        var waitAsync = waitCall.WithExpression(wait.WithName(SyntaxFactory.IdentifierName("WaitAsync").WithTriviaFrom(wait.Name)));
                        return AwaitSyntax.Replacing(node, waitAsync, cancellationToken);
                    }

                    return null;

                case CVP020BlockingWaitInAsyncCodeAnalyzer.Shapes.WhenAll:
                case CVP020BlockingWaitInAsyncCodeAnalyzer.Shapes.WhenAny:
                    var name = shape == CVP020BlockingWaitInAsyncCodeAnalyzer.Shapes.WhenAll ? "WhenAll" : "WhenAny";
                    return node switch
                    {
                        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call =>
                            AwaitSyntax.Replacing(node, call.WithExpression(access.WithName(SyntaxFactory.IdentifierName(name).WithTriviaFrom(access.Name))), cancellationToken),
                        InvocationExpressionSyntax { Expression: IdentifierNameSyntax identifier } call =>
                            AwaitSyntax.Replacing(node, call.WithExpression(SyntaxFactory.IdentifierName(name).WithTriviaFrom(identifier)), cancellationToken),
                        _ => null,
                    };

                default:
                    return null;
            }
        }

        /// <summary>The task expression of <c>t.Result</c>, <c>t.Wait()</c> or <c>t.GetAwaiter().GetResult()</c> (ConfigureAwait kept).</summary>
        private static ExpressionSyntax? AwaitedTask(ExpressionSyntax node) => node switch
        {
            MemberAccessExpressionSyntax result => result.Expression,
            InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax
                {
                    Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter, ArgumentList.Arguments.Count: 0 },
                    Name.Identifier.ValueText: "GetResult",
                },
            } when getAwaiter.Name.Identifier.ValueText == "GetAwaiter" => getAwaiter.Expression,
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax wait, ArgumentList.Arguments.Count: 0 } => wait.Expression,
            _ => null,
        };
    }
}
