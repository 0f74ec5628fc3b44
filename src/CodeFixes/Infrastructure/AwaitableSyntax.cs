using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Small syntax builders for awaitable expressions.</summary>
    internal static class AwaitableSyntax
    {
        /// <summary><c>expression.AsTask()</c> (a ValueTask turned into the Task the context expects).</summary>
        public static InvocationExpressionSyntax AsTask(ExpressionSyntax expression) =>
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    expression,
                    SyntaxFactory.IdentifierName("AsTask")));
    }
}
