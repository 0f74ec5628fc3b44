using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// Finds "the CancellationToken in scope" at a position: the parameters and the already-declared,
    /// initialized locals of type CancellationToken that code written there may read. A fix passes it
    /// only when there is exactly one; with none or several it passes nothing.
    /// </summary>
    internal static class CancellationTokenInScope
    {
        public static ISymbol? FindSingle(SemanticModel model, SyntaxNode at, ITypeSymbol? tokenType, CancellationToken cancellationToken)
        {
            if (tokenType is null)
            {
                return null;
            }

            var position = at.SpanStart;
            ISymbol? found = null;
            foreach (var symbol in model.LookupSymbols(position))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ITypeSymbol type;
                switch (symbol)
                {
                    case IParameterSymbol { RefKind: not RefKind.Out } parameter:
                        type = parameter.Type;
                        break;
                    case ILocalSymbol local when IsDeclaredAndAssignedBefore(local, position):
                        type = local.Type;
                        break;
                    default:
                        continue;
                }

                if (!SymbolEqualityComparer.Default.Equals(type, tokenType) || !IsReadableFrom(model, at, symbol, cancellationToken))
                {
                    continue;
                }

                if (found is not null)
                {
                    return null;
                }

                found = symbol;
            }

            return found;
        }

        private static bool IsDeclaredAndAssignedBefore(ILocalSymbol local, int position)
        {
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax();
                if (node.Span.End > position)
                {
                    return false;
                }

                return node switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Initializer is not null,
                    ForEachStatementSyntax => true,
                    _ => false,
                };
            }

            return false;
        }

        /// <summary>False when a static lambda or static local function lies between the position and the symbol's owner.</summary>
        private static bool IsReadableFrom(SemanticModel model, SyntaxNode at, ISymbol symbol, CancellationToken cancellationToken)
        {
            var owner = symbol.ContainingSymbol;
            for (var current = at.Parent; current is not null; current = current.Parent)
            {
                ISymbol? function;
                SyntaxTokenList modifiers;
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        function = model.GetSymbolInfo(lambda, cancellationToken).Symbol;
                        modifiers = lambda.Modifiers;
                        break;
                    case LocalFunctionStatementSyntax localFunction:
                        function = model.GetDeclaredSymbol(localFunction, cancellationToken);
                        modifiers = localFunction.Modifiers;
                        break;
                    case MemberDeclarationSyntax:
                        return true;
                    default:
                        continue;
                }

                if (SymbolEqualityComparer.Default.Equals(function, owner))
                {
                    return true;
                }

                if (modifiers.Any(SyntaxKind.StaticKeyword))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
