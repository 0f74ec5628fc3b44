using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// Writes type names fully qualified, annotated so that the code action's clean-up simplifies them
    /// (and adds the using directive) only where that still binds to the same type.
    /// </summary>
    internal static class TypeSyntaxes
    {
        /// <summary>A fully qualified type name used as an expression (e.g. the receiver of a static call).</summary>
        public static ExpressionSyntax QualifiedExpression(string fullName) =>
            SyntaxFactory.ParseExpression("global::" + fullName)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        /// <summary>
        /// Adds the using directives for nodes carrying <see cref="Simplifier.AddImportsAnnotation"/> — unless
        /// the simple name already means something else where it stands (a type of the user's named
        /// <c>Task</c>, say): then the name stays fully qualified and no using is added.
        /// </summary>
        public static async Task<Document> AddImportsAsync(Document document, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var annotated = root.GetAnnotatedNodes(Simplifier.AddImportsAnnotation).ToList();
            foreach (var node in annotated)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (node is not MemberAccessExpressionSyntax { Name: SimpleNameSyntax name }
                    || model.GetSymbolInfo(node, cancellationToken).Symbol is not INamedTypeSymbol type)
                {
                    continue;
                }

                foreach (var visible in model.LookupNamespacesAndTypes(node.SpanStart, name: name.Identifier.ValueText))
                {
                    if (!SymbolEqualityComparer.Default.Equals(visible, type))
                    {
                        return document; // the simple name would bind elsewhere: keep the qualified name, add nothing
                    }
                }
            }

            return await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
