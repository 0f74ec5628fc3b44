using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
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

            return document.WithSyntaxRoot(UsingDirectives.Ensure(unit, "System.Linq"));
        }
    }
}
