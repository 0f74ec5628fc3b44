using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
    /// <summary>CVP021: <c>Thread.Sleep(x)</c> → <c>await Task.Delay(x)</c>, passing the one CancellationToken in scope.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP021ThreadSleepInAsyncCodeCodeFix)), Shared]
    public sealed class CVP021ThreadSleepInAsyncCodeCodeFix : CodeFixProvider
    {
        private const string EquivalenceKey = "CVP021.TaskDelay";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ThreadSleepInAsyncCode);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape)
                    || shape != CVP021ThreadSleepInAsyncCodeAnalyzer.FixShapeDelay)
                {
                    continue;
                }

                var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
                    || call.ArgumentList.Arguments.Count != 1)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create("Use 'await Task.Delay'", ct => UseTaskDelayAsync(context.Document, call, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> UseTaskDelayAsync(Document document, InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol sleep)
            {
                return document;
            }

            var compilation = model.Compilation;
            var tokenType = TypeLookup.Find(compilation, "System.Threading.CancellationToken");
            var taskType = TypeLookup.Find(compilation, "System.Threading.Tasks.Task");
            var arguments = SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(call.ArgumentList.Arguments[0].Expression.WithoutTrivia()) });

            var token = CancellationTokenInScope.FindSingle(model, call, tokenType, cancellationToken);
            if (token is not null && HasDelayWithToken(taskType, sleep.Parameters[0].Type, tokenType))
            {
                arguments = arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token.Name)));
            }

            var delay = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    TypeSyntaxes.QualifiedExpression("System.Threading.Tasks.Task"),
                    SyntaxFactory.IdentifierName("Delay")),
                SyntaxFactory.ArgumentList(arguments));
            var replacement = SyntaxFactory.AwaitExpression(delay).WithTriviaFrom(call);

            return await TypeSyntaxes.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(call, replacement)), cancellationToken).ConfigureAwait(false);
        }

        private static bool HasDelayWithToken(INamedTypeSymbol? taskType, ITypeSymbol first, ITypeSymbol? tokenType) =>
            taskType is not null && tokenType is not null && taskType.GetMembers("Delay").OfType<IMethodSymbol>().Any(m =>
                m.Parameters.Length == 2
                && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, first)
                && SymbolEqualityComparer.Default.Equals(m.Parameters[1].Type, tokenType));
    }
}
