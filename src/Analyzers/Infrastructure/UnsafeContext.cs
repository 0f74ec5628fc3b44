using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>Is a node inside an unsafe context (where 'await' is not allowed)?</summary>
    internal static class UnsafeContext
    {
        public static bool Contains(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case UnsafeStatementSyntax:
                        return true;
                    case MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                        return true;
                    case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                        return true;
                }
            }

            return false;
        }
    }
}
