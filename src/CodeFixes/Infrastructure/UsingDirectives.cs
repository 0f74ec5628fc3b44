using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Adds a using directive to a compilation unit (for extension methods, which import annotations do not bring in).</summary>
    internal static class UsingDirectives
    {
        /// <summary>
        /// The root with <c>using <paramref name="namespaceName"/>;</c> at the top when no top-level directive names it yet;
        /// when the file keeps its directives inside its only namespace (typically a file-scoped one), among those.
        /// </summary>
        public static CompilationUnitSyntax Ensure(CompilationUnitSyntax root, string namespaceName)
        {
            if (root.Usings.Count == 0
                && root.Members.OfType<BaseNamespaceDeclarationSyntax>().ToList() is { Count: 1 } namespaces
                && namespaces[0].Usings.Count > 0)
            {
                var declaration = namespaces[0];
                return Names(declaration.Usings, namespaceName)
                    ? root
                    : root.ReplaceNode(declaration, declaration.WithUsings(InsertInOrder(declaration.Usings, namespaceName, root)));
            }

            var usings = root.Usings;
            if (Names(usings, namespaceName))
            {
                return root;
            }

            var directive = NewDirective(namespaceName, root);

            if (usings.Count == 0)
            {
                // Keep the file's leading trivia (header comments) in front of the new directive.
                var first = root.GetFirstToken(includeZeroWidth: true);
                var leading = first.LeadingTrivia;
                var newRoot = root.ReplaceToken(first, first.WithLeadingTrivia());
                directive = directive.WithLeadingTrivia(leading)
                    .WithSemicolonToken(directive.SemicolonToken.WithTrailingTrivia(EndOfLine(root), EndOfLine(root)));
                return newRoot.WithUsings(SyntaxFactory.SingletonList(directive));
            }

            return root.WithUsings(InsertInOrder(usings, namespaceName, root));
        }

        private static bool Names(SyntaxList<UsingDirectiveSyntax> usings, string namespaceName) =>
            usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == namespaceName);

        /// <summary>Inserts the directive in order among the plain namespace directives (System first, then alphabetical).</summary>
        private static SyntaxList<UsingDirectiveSyntax> InsertInOrder(SyntaxList<UsingDirectiveSyntax> usings, string namespaceName, SyntaxNode root)
        {
            var directive = NewDirective(namespaceName, root);
            var index = 0;
            while (index < usings.Count
                && usings[index].Alias is null
                && usings[index].StaticKeyword.IsKind(SyntaxKind.None)
                && Compare(usings[index].Name?.ToString() ?? string.Empty, namespaceName) < 0)
            {
                index++;
            }

            if (index == 0)
            {
                // Take over the first directive's leading trivia (a header comment stays on top).
                var firstUsing = usings[0];
                directive = directive.WithLeadingTrivia(firstUsing.GetLeadingTrivia());
                usings = usings.Replace(firstUsing, firstUsing.WithLeadingTrivia());
            }

            var newline = usings[0].SemicolonToken.TrailingTrivia.LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (newline.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                directive = directive.WithSemicolonToken(directive.SemicolonToken.WithTrailingTrivia(newline));
            }

            return usings.Insert(index, directive);
        }

        private static UsingDirectiveSyntax NewDirective(string namespaceName, SyntaxNode root) =>
            SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(EndOfLine(root)));

        private static SyntaxTrivia EndOfLine(SyntaxNode root)
        {
            var existing = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing : SyntaxFactory.LineFeed;
        }

        private static int Compare(string left, string right)
        {
            var leftSystem = left == "System" || left.StartsWith("System.", System.StringComparison.Ordinal);
            var rightSystem = right == "System" || right.StartsWith("System.", System.StringComparison.Ordinal);
            if (leftSystem != rightSystem)
            {
                return leftSystem ? -1 : 1;
            }

            return string.CompareOrdinal(left, right);
        }
    }
}
