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

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP012: <c>Task.Factory.StartNew(async () =&gt; …)</c> → <c>Task.Run(async () =&gt; …)</c>, or
    /// <c>….StartNew(…, options, scheduler).Unwrap()</c> when the factory, options or scheduler must be kept.
    /// <c>new Task(async () =&gt; …)</c> gets no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP012StartNewWithAsyncDelegateCodeFix)), Shared]
    public sealed class CVP012StartNewWithAsyncDelegateCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.StartNewWithAsyncDelegate);

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
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call)
                {
                    continue;
                }

                if (shape == CVP012StartNewWithAsyncDelegateAnalyzer.FixShapeTaskRun)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Use 'Task.Run'", ct => UseTaskRunAsync(context.Document, call, ct), "CVP012.TaskRun"),
                        diagnostic);
                }
                else if (shape == CVP012StartNewWithAsyncDelegateAnalyzer.FixShapeUnwrap
                    && await UnwrapIsInScopeAsync(context.Document, call, context.CancellationToken).ConfigureAwait(false))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Append '.Unwrap()'", ct => AppendUnwrapAsync(context.Document, call, ct), "CVP012.Unwrap"),
                        diagnostic);
                }
            }
        }

        /// <summary>TaskExtensions.Unwrap is an extension method: it binds only where System.Threading.Tasks is imported.</summary>
        private static async Task<bool> UnwrapIsInScopeAsync(Document document, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model?.GetTypeInfo(call, cancellationToken).Type is not INamedTypeSymbol type)
            {
                return false;
            }

            return !model.LookupSymbols(call.SpanStart, type, "Unwrap", includeReducedExtensionMethods: true).IsEmpty;
        }

        private static async Task<Document> UseTaskRunAsync(Document document, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var run = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        TypeSyntaxes.QualifiedExpression("System.Threading.Tasks.Task"),
                        SyntaxFactory.IdentifierName("Run")),
                    call.ArgumentList)
                .WithTriviaFrom(call);
            return await TypeSyntaxes.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(call, run)), cancellationToken).ConfigureAwait(false);
        }

        private static async Task<Document> AppendUnwrapAsync(Document document, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var unwrap = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        call.WithoutTrivia(),
                        SyntaxFactory.IdentifierName("Unwrap")))
                .WithTriviaFrom(call);
            return document.WithSyntaxRoot(root.ReplaceNode(call, unwrap));
        }
    }
}
