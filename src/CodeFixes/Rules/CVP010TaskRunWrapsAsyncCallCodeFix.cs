using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>CVP010: replace <c>Task.Run(() =&gt; FooAsync(x))</c> with <c>FooAsync(x)</c> (plus <c>.AsTask()</c> for a ValueTask where a Task is used).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP010TaskRunWrapsAsyncCallCodeFix)), Shared]
    public sealed class CVP010TaskRunWrapsAsyncCallCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TaskRunWrapsAsyncCall);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape)
                    || (shape != TaskReplacement.Direct && shape != TaskReplacement.AsTask)
                    || diagnostic.AdditionalLocations.Count != 1
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax hop
                    || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax inner
                    || !hop.Span.Contains(inner.Span))
                {
                    continue;
                }

                var name = ((IdentifierNameOrGeneric(inner.Expression)) ?? "the call");
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Call '" + name + "' directly",
                        ct => ReplaceAsync(context.Document, hop, inner, shape == TaskReplacement.AsTask, ct),
                        "CVP010." + shape),
                    diagnostic);
            }
        }

        private static string? IdentifierNameOrGeneric(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax hop, InvocationExpressionSyntax inner, bool asTask, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            ExpressionSyntax replacement = inner.WithoutTrivia();
            if (asTask)
            {
                replacement = AwaitableSyntax.AsTask(replacement);
            }

            return document.WithSyntaxRoot(root.ReplaceNode(hop, replacement.WithTriviaFrom(hop)));
        }
    }
}
