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

            if (!IsConfigureAwait(operand) && FunctionUsesConfigureAwaitFalse(replaced))
            {
                operand = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, operand, SyntaxFactory.IdentifierName("ConfigureAwait")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))));
            }

            ExpressionSyntax result = SyntaxFactory.AwaitExpression(operand);
            if (NeedsPrimary(replaced))
            {
                result = SyntaxFactory.ParenthesizedExpression(result);
            }

            return result.WithTriviaFrom(replaced);
        }

        /// <summary>
        /// The enclosing function already awaits with <c>.ConfigureAwait(false)</c> (library code that must
        /// not resume on the caller's context): the new await follows the same convention.
        /// </summary>
        private static bool FunctionUsesConfigureAwaitFalse(SyntaxNode node)
        {
            var function = node.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);
            if (function is null)
            {
                return false;
            }

            foreach (var candidate in function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (candidate is AwaitExpressionSyntax { Expression: InvocationExpressionSyntax configure } && IsConfigureAwait(configure)
                    && configure.ArgumentList.Arguments.Count == 1 && configure.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsConfigureAwait(ExpressionSyntax expression) =>
            expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } };

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
