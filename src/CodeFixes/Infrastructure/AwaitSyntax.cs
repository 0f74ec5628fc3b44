using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Building <c>await</c> expressions and task-type names that keep precedence, trivia and the function's ConfigureAwait convention.</summary>
    internal static class AwaitSyntax
    {
        /// <summary><c>await expression</c>, parenthesizing the operand when needed; the leading trivia moves to <c>await</c>.</summary>
        public static AwaitExpressionSyntax Await(ExpressionSyntax expression)
        {
            var leading = expression.GetLeadingTrivia();
            var operand = AsOperand(expression.WithoutLeadingTrivia());
            return SyntaxFactory.AwaitExpression(
                    SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                    operand)
                .WithLeadingTrivia(leading);
        }

        /// <summary>The expression as the operand of a unary operator or the receiver of a member access.</summary>
        public static ExpressionSyntax AsOperand(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case IdentifierNameSyntax:
                case GenericNameSyntax:
                case InvocationExpressionSyntax:
                case MemberAccessExpressionSyntax:
                case ElementAccessExpressionSyntax:
                case ParenthesizedExpressionSyntax:
                case ObjectCreationExpressionSyntax:
                case ImplicitObjectCreationExpressionSyntax:
                case ArrayCreationExpressionSyntax:
                case ImplicitArrayCreationExpressionSyntax:
                case LiteralExpressionSyntax:
                case ThisExpressionSyntax:
                case BaseExpressionSyntax:
                case TypeOfExpressionSyntax:
                case DefaultExpressionSyntax:
                case PredefinedTypeSyntax:
                case QualifiedNameSyntax:
                case AliasQualifiedNameSyntax:
                case InterpolatedStringExpressionSyntax:
                case TupleExpressionSyntax:
                    return expression;
                default:
                    return SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia())
                        .WithTriviaFrom(expression);
            }
        }

        /// <summary><c>System.Threading.Tasks.Task</c>, to be simplified (and imported) after the edit.</summary>
        public static NameSyntax TaskType() =>
            Annotate(SyntaxFactory.ParseName("System.Threading.Tasks.Task"));

        /// <summary><c>System.Threading.Tasks.Task&lt;T&gt;</c>.</summary>
        public static NameSyntax TaskOf(TypeSyntax argument) =>
            Annotate(SyntaxFactory.QualifiedName(
                SyntaxFactory.ParseName("System.Threading.Tasks"),
                SyntaxFactory.GenericName(
                    SyntaxFactory.Identifier("Task"),
                    SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(argument.WithoutTrivia())))));

        /// <summary>A fully qualified name annotated for simplification and import.</summary>
        public static T Annotate<T>(T node)
            where T : SyntaxNode =>
            node.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        // ---- replacing an expression with an await (CVP020, CVP022) ----

        /// <summary>
        /// <c>await operand</c>, ready to take the place of <paramref name="replaced"/>: the operand is
        /// parenthesized when it is not a primary expression, the result when <paramref name="replaced"/>
        /// sits where only a primary expression may (<c>(await t).Length</c>). Keeps the trivia of <paramref name="replaced"/>.
        /// </summary>
        public static ExpressionSyntax Replacing(ExpressionSyntax replaced, ExpressionSyntax operand, CancellationToken cancellationToken)
        {
            operand = operand.WithoutTrivia();
            if (!IsPrimary(operand))
            {
                operand = SyntaxFactory.ParenthesizedExpression(operand);
            }

            if (!IsConfigureAwait(operand) && FunctionUsesConfigureAwaitFalse(replaced, cancellationToken))
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
        private static bool FunctionUsesConfigureAwaitFalse(SyntaxNode node, CancellationToken cancellationToken)
        {
            var function = node.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);
            if (function is null)
            {
                return false;
            }

            foreach (var candidate in function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                cancellationToken.ThrowIfCancellationRequested();
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
