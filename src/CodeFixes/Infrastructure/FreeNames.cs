using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Picks a name for a new parameter or local that collides with nothing visible or declared in a node.</summary>
    internal static class FreeNames
    {
        /// <summary>
        /// <paramref name="preferred"/>, or <paramref name="preferred"/> followed by 1, 2, … : the first that is
        /// neither in scope at <paramref name="node"/>, nor used as an identifier inside it, nor in <paramref name="reserved"/>.
        /// </summary>
        public static string Pick(SemanticModel model, SyntaxNode node, string preferred, IEnumerable<string> reserved, CancellationToken cancellationToken)
        {
            var taken = new HashSet<string>(reserved);
            foreach (var symbol in model.LookupSymbols(node.SpanStart))
            {
                cancellationToken.ThrowIfCancellationRequested();
                taken.Add(symbol.Name);
            }

            foreach (var token in node.DescendantTokens())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    taken.Add(token.ValueText);
                }
            }

            var candidate = preferred;
            for (var i = 1; taken.Contains(candidate); i++)
            {
                candidate = preferred + i.ToString(CultureInfo.InvariantCulture);
            }

            return candidate;
        }
    }
}
