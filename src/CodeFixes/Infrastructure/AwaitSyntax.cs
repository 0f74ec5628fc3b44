using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Building <c>await</c> expressions and task-type names that keep precedence and trivia.</summary>
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
    }
}
