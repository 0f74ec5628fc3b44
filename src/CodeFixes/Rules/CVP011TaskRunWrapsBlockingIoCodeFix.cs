using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using ConcurrencyAnalyzers.Infrastructure;
using ConcurrencyAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP011: replace <c>Task.Run(() =&gt; File.ReadAllText(p))</c> with <c>File.ReadAllTextAsync(p)</c>
    /// (Task.Run's token passed on when the counterpart takes one; <c>.AsTask()</c> for a ValueTask where a Task is used).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP011TaskRunWrapsBlockingIoCodeFix)), Shared]
    public sealed class CVP011TaskRunWrapsBlockingIoCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TaskRunWrapsBlockingIo);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var plan = Plan(root, model, diagnostic, context.CancellationToken);
                if (plan is null)
                {
                    continue;
                }

                var (hop, replacement, counterpart) = plan.Value;
                var shape = diagnostic.Properties[DiagnosticProperties.FixShape];
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use '" + counterpart.ContainingType.Name + "." + counterpart.Name + "'",
                        ct => ReplaceAsync(context.Document, hop, replacement, ct),
                        "CVP011." + shape),
                    diagnostic);
            }
        }

        /// <summary>The node to replace and its replacement, checked by binding it where it will stand; null when no safe fix exists.</summary>
        private static (InvocationExpressionSyntax Hop, ExpressionSyntax Replacement, IMethodSymbol Counterpart)? Plan(
            SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(DiagnosticProperties.FixShape, out var shape)
                || (shape != TaskReplacement.Direct && shape != TaskReplacement.AsTask)
                || !properties.TryGetValue(DiagnosticProperties.CounterpartId, out var id) || id is null
                || diagnostic.AdditionalLocations.Count == 0
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax hop
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax inner
                || DocumentationCommentId.GetFirstSymbolForDeclarationId(id, model.Compilation) is not IMethodSymbol counterpart
                || model.GetSymbolInfo(inner, cancellationToken).Symbol is not IMethodSymbol blocking)
            {
                return null;
            }

            var arguments = inner.ArgumentList.WithoutTrivia();
            if (properties.ContainsKey(CVP011TaskRunWrapsBlockingIoAnalyzer.PassToken))
            {
                if (diagnostic.AdditionalLocations.Count < 2
                    || root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true) is not { } tokenNode)
                {
                    return null;
                }

                var token = tokenNode is ArgumentSyntax tokenArgument ? tokenArgument.Expression : (ExpressionSyntax)tokenNode;
                arguments = arguments.AddArguments(SyntaxFactory.Argument(token.WithoutTrivia()));
            }

            ExpressionSyntax? target;
            if (counterpart.IsStatic && !counterpart.IsExtensionMethod
                && !SymbolEqualityComparer.Default.Equals(counterpart.ContainingType, blocking.ContainingType))
            {
                target = SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    TypeSyntaxes.QualifiedExpression(counterpart.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)),
                    SyntaxFactory.IdentifierName(counterpart.Name));
            }
            else
            {
                target = inner.Expression switch
                {
                    MemberAccessExpressionSyntax { Name: IdentifierNameSyntax } member => member.WithName(SyntaxFactory.IdentifierName(counterpart.Name)),
                    IdentifierNameSyntax => SyntaxFactory.IdentifierName(counterpart.Name),
                    _ => null,
                };
            }

            if (target is null)
            {
                return null;
            }

            var call = SyntaxFactory.InvocationExpression(target.WithoutTrivia(), arguments);
            var bound = model.GetSpeculativeSymbolInfo(hop.SpanStart, Simplified(call), SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
            if (!SymbolEqualityComparer.Default.Equals((bound?.ReducedFrom ?? bound)?.OriginalDefinition, counterpart.OriginalDefinition))
            {
                return null;
            }

            ExpressionSyntax replacement = shape == TaskReplacement.AsTask ? AwaitableSyntax.AsTask(call) : call;
            return (hop, replacement.WithTriviaFrom(hop), counterpart);
        }

        /// <summary>For speculative binding: the qualified name as written, without the annotations.</summary>
        private static ExpressionSyntax Simplified(InvocationExpressionSyntax call) => call.WithoutAnnotations(Simplifier.Annotation);

        private static async Task<Document> ReplaceAsync(Document document, SyntaxNode hop, ExpressionSyntax replacement, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            return await TypeSyntaxes.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(hop, replacement)), cancellationToken).ConfigureAwait(false);
        }
    }
}
