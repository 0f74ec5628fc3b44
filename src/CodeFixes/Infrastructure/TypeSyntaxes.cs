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

        /// <summary>Adds the using directives for nodes carrying <see cref="Simplifier.AddImportsAnnotation"/>.</summary>
        public static Task<Document> AddImportsAsync(Document document, CancellationToken cancellationToken) =>
            ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);
    }
}
