using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// Adds the <c>using</c> directives that nodes annotated with <see cref="Simplifier.AddImportsAnnotation"/>
    /// need, then lets the simplifier shorten the fully qualified names (the workspace's own clean-up
    /// simplifies but, on our Roslyn version, does not add imports).
    /// </summary>
    internal static class AnnotatedImports
    {
        public static async Task<Document> AddAndSimplifyAsync(Document document, CancellationToken cancellationToken)
        {
            var withImports = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Simplifier.ReduceAsync(withImports, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
