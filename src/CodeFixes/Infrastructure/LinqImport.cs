using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// Adds <c>using System.Linq;</c> when a LINQ extension call written by a fix (found by its annotation)
    /// does not bind in the edited document.
    /// </summary>
    internal static class LinqImport
    {
        public static async Task<Document> EnsureAsync(Document document, SyntaxAnnotation linqCall, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is not CompilationUnitSyntax unit || model is null)
            {
                return document;
            }

            var call = root.GetAnnotatedNodes(linqCall).FirstOrDefault();
            if (call is null || model.GetSymbolInfo(call, cancellationToken).Symbol is not null)
            {
                return document;
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Linq"))
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
            var usings = unit.Usings;
            var index = 0;
            while (index < usings.Count
                && (usings[index].Alias is not null || !usings[index].StaticKeyword.IsKind(SyntaxKind.None) || Compare(usings[index].Name?.ToString(), "System.Linq") < 0))
            {
                if (usings[index].Alias is not null || !usings[index].StaticKeyword.IsKind(SyntaxKind.None))
                {
                    break;
                }

                index++;
            }

            if (usings.Count == 0)
            {
                var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                var newLine = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed;
                directive = directive.WithTrailingTrivia(newLine, newLine);
            }
            else if (index < usings.Count)
            {
                directive = directive.WithTrailingTrivia(usings[index].GetTrailingTrivia());
            }
            else
            {
                directive = directive.WithTrailingTrivia(usings[usings.Count - 1].GetTrailingTrivia());
            }

            return document.WithSyntaxRoot(unit.WithUsings(usings.Insert(index, directive)));
        }

        /// <summary>System namespaces first, then ordinal.</summary>
        private static int Compare(string? left, string right)
        {
            left ??= string.Empty;
            var leftSystem = left == "System" || left.StartsWith("System.", StringComparison.Ordinal);
            if (!leftSystem)
            {
                return 1;
            }

            return string.CompareOrdinal(left, right);
        }
    }
}
