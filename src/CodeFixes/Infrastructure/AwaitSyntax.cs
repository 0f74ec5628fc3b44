using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Builds <c>await operand</c> to replace an expression, with the parentheses precedence needs.</summary>
    internal static class AwaitSyntax
    {
        /// <summary>
        /// <c>await operand</c>, ready to take the place of <paramref name="replaced"/>: the operand is
        /// parenthesized when it is not a primary expression, the result when <paramref name="replaced"/>
        /// sits where only a primary expression may (<c>(await t).Length</c>). Keeps the trivia of <paramref name="replaced"/>.
        /// </summary>
        public static ExpressionSyntax Replacing(ExpressionSyntax replaced, ExpressionSyntax operand)
        {
            operand = operand.WithoutTrivia();
            if (!IsPrimary(operand))
            {
                operand = SyntaxFactory.ParenthesizedExpression(operand);
            }

            ExpressionSyntax result = SyntaxFactory.AwaitExpression(operand);
            if (NeedsPrimary(replaced))
            {
                result = SyntaxFactory.ParenthesizedExpression(result);
            }

            return result.WithTriviaFrom(replaced);
        }

        private static bool IsPrimary(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
                or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax
                or ObjectCreationExpressionSyntax or LiteralExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression };

        private static bool NeedsPrimary(ExpressionSyntax replaced) => replaced.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == replaced,
            ConditionalAccessExpressionSyntax conditional => conditional.Expression == replaced,
            ElementAccessExpressionSyntax element => element.Expression == replaced,
            InvocationExpressionSyntax invocation => invocation.Expression == replaced,
            PostfixUnaryExpressionSyntax => true,
            _ => false,
        };
    }
}
