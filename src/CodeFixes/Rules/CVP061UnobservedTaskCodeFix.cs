using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
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
    /// CVP061: in async code, <c>await Foo();</c> (and, as a second choice, <c>_ = Foo();</c>);
    /// elsewhere <c>_ = Foo();</c>, which makes the fire-and-forget explicit (C# 7 discards).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP061UnobservedTaskCodeFix)), Shared]
    public sealed class CVP061UnobservedTaskCodeFix : CodeFixProvider
    {
        private const string AwaitKey = "CVP061.Await";
        private const string DiscardKey = "CVP061.Discard";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnobservedTask);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape);
                if (shape == CVP061UnobservedTaskAnalyzer.ShapeAwait)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Await the task", ct => ReplaceAsync(context.Document, call, Await(call), ct), AwaitKey),
                        diagnostic);
                }

                if (call.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp7 })
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Discard the task explicitly ('_ =')", ct => ReplaceAsync(context.Document, call, Discard(call), ct), DiscardKey),
                        diagnostic);
                }
            }
        }

        private static ExpressionSyntax Await(InvocationExpressionSyntax call) =>
            SyntaxFactory.AwaitExpression(
                    SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                    call.WithoutLeadingTrivia())
                .WithLeadingTrivia(call.GetLeadingTrivia());

        private static ExpressionSyntax Discard(InvocationExpressionSyntax call) =>
            SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    // The discard: an identifier token whose contextual kind is '_', as the parser makes it
                    // (a plain IdentifierName("_") binds as a variable named '_' and does not compile).
                    SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, SyntaxKind.UnderscoreToken, "_", "_", default)).WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space),
                    call.WithoutLeadingTrivia())
                .WithLeadingTrivia(call.GetLeadingTrivia());

        private static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode));
        }
    }
}
