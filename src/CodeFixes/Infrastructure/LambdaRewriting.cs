using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Edits of lambdas and anonymous methods: adding a parameter, making an expression lambda async.</summary>
    internal static class LambdaRewriting
    {
        /// <summary>
        /// Adds a trailing parameter named <paramref name="name"/> of type <paramref name="type"/> (written only when the
        /// other parameters are typed; an anonymous method without a parameter list stays as it is).
        /// </summary>
        public static AnonymousFunctionExpressionSyntax AddParameter(AnonymousFunctionExpressionSyntax function, string name, TypeSyntax type)
        {
            switch (function)
            {
                case SimpleLambdaExpressionSyntax simple:
                    {
                        var parameter = simple.Parameter;
                        var list = SyntaxFactory.ParameterList(
                            SyntaxFactory.Token(SyntaxKind.OpenParenToken).WithLeadingTrivia(parameter.GetLeadingTrivia()),
                            SyntaxFactory.SeparatedList(
                                new[] { parameter.WithoutTrivia(), SyntaxFactory.Parameter(SyntaxFactory.Identifier(name)) },
                                new[] { Comma() }),
                            SyntaxFactory.Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(parameter.GetTrailingTrivia()));
                        return SyntaxFactory.ParenthesizedLambdaExpression(
                            simple.AttributeLists, simple.Modifiers, null, list, simple.ArrowToken, simple.Block, simple.ExpressionBody);
                    }

                case ParenthesizedLambdaExpressionSyntax parenthesized:
                    return parenthesized.WithParameterList(Append(parenthesized.ParameterList, name, type));

                case AnonymousMethodExpressionSyntax { ParameterList: { } parameterList } anonymous:
                    return anonymous.WithParameterList(Append(parameterList, name, type));

                default:
                    return function;
            }
        }

        /// <summary>
        /// Replaces the parameter at <paramref name="index"/> by one named <paramref name="name"/> (of type
        /// <paramref name="type"/> when the parameter was typed); an anonymous method without a parameter list stays as it is.
        /// </summary>
        public static AnonymousFunctionExpressionSyntax ReplaceParameter(AnonymousFunctionExpressionSyntax function, int index, string name, TypeSyntax type)
        {
            var list = function switch
            {
                ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList,
                AnonymousMethodExpressionSyntax anonymous => anonymous.ParameterList,
                _ => null,
            };
            if (list is null || index >= list.Parameters.Count)
            {
                return function;
            }

            var old = list.Parameters[index];
            var replacement = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name).WithTriviaFrom(old.Identifier));
            if (old.Type is not null)
            {
                replacement = replacement.WithType(type.WithTriviaFrom(old.Type));
            }

            var newList = list.WithParameters(list.Parameters.Replace(old, replacement.WithLeadingTrivia(old.GetLeadingTrivia())));
            return function switch
            {
                ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.WithParameterList(newList),
                AnonymousMethodExpressionSyntax anonymous => anonymous.WithParameterList(newList),
                _ => function,
            };
        }

        /// <summary><c>x => FooAsync(x)</c> becomes <c>async x => await FooAsync(x)</c>.</summary>
        public static AnonymousFunctionExpressionSyntax MakeAsyncAwaitingBody(AnonymousFunctionExpressionSyntax function)
        {
            if (function.ExpressionBody is not { } body || function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
            {
                return function;
            }

            function = function switch
            {
                SimpleLambdaExpressionSyntax simple => simple.WithExpressionBody(AwaitSyntax.Await(body)),
                ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.WithExpressionBody(AwaitSyntax.Await(body)),
                _ => function,
            };

            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (function.Modifiers.Count > 0)
            {
                return function.WithModifiers(function.Modifiers.Add(asyncKeyword));
            }

            var first = function.GetFirstToken();
            var leading = first.LeadingTrivia;
            function = function.ReplaceToken(first, first.WithLeadingTrivia());
            return function.WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(leading)));
        }

        private static ParameterListSyntax Append(ParameterListSyntax list, string name, TypeSyntax type)
        {
            var typed = list.Parameters.Any(p => p.Type is not null);
            var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name));
            if (typed)
            {
                parameter = parameter.WithType(type.WithTrailingTrivia(SyntaxFactory.Space));
            }

            if (list.Parameters.Count == 0)
            {
                return list.WithParameters(SyntaxFactory.SingletonSeparatedList(parameter));
            }

            var nodes = list.Parameters.ToList();
            var last = nodes[nodes.Count - 1];
            nodes[nodes.Count - 1] = last.WithoutTrailingTrivia();
            nodes.Add(parameter.WithTrailingTrivia(last.GetTrailingTrivia()));
            var separators = list.Parameters.GetSeparators().ToList();
            separators.Add(Comma());
            return list.WithParameters(SyntaxFactory.SeparatedList(nodes, separators));
        }

        private static SyntaxToken Comma() =>
            SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
    }
}
