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
    /// <summary>
    /// CVP022: <c>File.ReadAllText(p)</c> → <c>await File.ReadAllTextAsync(p, cancellationToken)</c> — the
    /// token when exactly one is in scope and the counterpart has an overload that takes it. The rewritten
    /// call is bound speculatively and the fix is offered only when it binds to the counterpart the analyzer named.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP022SynchronousIoInAsyncCodeCodeFix)), Shared]
    public sealed class CVP022SynchronousIoInAsyncCodeCodeFix : CodeFixProvider
    {
        private const string EquivalenceKey = RuleIds.SynchronousIoInAsyncCode + ".AwaitCounterpart";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SynchronousIoInAsyncCode);

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
                if (diagnostic.Properties.ContainsKey(DiagnosticProperties.NoFix)
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
                    || Rewrite(call, diagnostic, model, context.CancellationToken) is not { } replacement)
                {
                    continue;
                }

                var name = diagnostic.Properties.TryGetValue(DiagnosticProperties.CounterpartName, out var counterpart) ? counterpart : "async counterpart";
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create("Use 'await " + name + "'", ct => ReplaceAsync(document, call, replacement, ct), equivalenceKey: EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
        }

        private static ExpressionSyntax? Rewrite(InvocationExpressionSyntax call, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(DiagnosticProperties.CounterpartName, out var name) || name is null
                || !properties.TryGetValue(DiagnosticProperties.CounterpartId, out var counterpartId) || counterpartId is null
                || call.ArgumentList.Arguments.Any(a => a.NameColon is not null))
            {
                return null;
            }

            ExpressionSyntax? callee = call.Expression switch
            {
                MemberAccessExpressionSyntax access => access.WithName(SyntaxFactory.IdentifierName(name).WithTriviaFrom(access.Name)),
                IdentifierNameSyntax identifier => SyntaxFactory.IdentifierName(name).WithTriviaFrom(identifier),
                _ => null,
            };
            if (callee is null)
            {
                return null;
            }

            var arguments = call.ArgumentList;
            var expectedId = counterpartId;
            var tokenType = TypeLookup.Find(model.Compilation, "System.Threading.CancellationToken");
            if (properties.TryGetValue(CVP022SynchronousIoInAsyncCodeAnalyzer.CounterpartWithTokenId, out var withTokenId) && withTokenId is not null
                && CancellationTokenInScope.FindSingle(model, call, tokenType, cancellationToken) is { } token)
            {
                arguments = arguments.AddArguments(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token.Name)));
                expectedId = withTokenId;
            }
            else if (properties.ContainsKey(CVP022SynchronousIoInAsyncCodeAnalyzer.TokenRequired))
            {
                var none = SyntaxFactory.ParseExpression("global::System.Threading.CancellationToken.None").WithAdditionalAnnotations(Simplifier.Annotation);
                arguments = arguments.AddArguments(SyntaxFactory.Argument(none));
            }

            var asyncCall = call.WithExpression(callee).WithArgumentList(arguments);
            var bound = model.GetSpeculativeSymbolInfo(call.SpanStart, asyncCall, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
            return IsOrOverrides(bound, expectedId) ? AwaitSyntax.Replacing(call, asyncCall, cancellationToken) : null;
        }

        /// <summary>The call binds to the counterpart, or to an override of it (StreamReader.ReadToEndAsync for TextReader's).</summary>
        private static bool IsOrOverrides(IMethodSymbol? bound, string expectedId)
        {
            for (var current = bound?.ReducedFrom ?? bound; current is not null; current = current.OverriddenMethod)
            {
                if (DocumentationCommentId.CreateDeclarationId(current.OriginalDefinition) == expectedId)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
