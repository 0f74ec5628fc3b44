using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP060: <c>async void</c> → <c>async Task</c>. Offered only when every reference to the method is a
    /// call: a method group (delegate, event subscription) would stop compiling once the return type changes.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP060AsyncVoidMethodCodeFix)), Shared]
    public sealed class CVP060AsyncVoidMethodCodeFix : CodeFixProvider
    {
        private const string EquivalenceKey = "CVP060.ReturnTask";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncVoidMethod);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            var declaration = root.FindToken(context.Span.Start).Parent;
            TypeSyntax? returnType = declaration switch
            {
                MethodDeclarationSyntax method => method.ReturnType,
                LocalFunctionStatementSyntax local => local.ReturnType,
                _ => null,
            };
            if (declaration is null || returnType is not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword })
            {
                return;
            }

            if (model.GetDeclaredSymbol(declaration, context.CancellationToken) is not IMethodSymbol symbol
                || !await AllReferencesAreCallsAsync(symbol, document.Project.Solution, context.CancellationToken).ConfigureAwait(false))
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Return 'Task'", ct => ReturnTaskAsync(document, returnType, ct), EquivalenceKey),
                context.Diagnostics);
        }

        private static async Task<bool> AllReferencesAreCallsAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
        {
            var references = await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (location.IsImplicit || location.IsCandidateLocation)
                {
                    return false;
                }

                var referenceRoot = await location.Location.SourceTree!.GetRootAsync(cancellationToken).ConfigureAwait(false);
                var node = referenceRoot.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (!IsInvokedName(node))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsInvokedName(SyntaxNode node)
        {
            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
            {
                node = access;
            }
            else if (node.Parent is MemberBindingExpressionSyntax binding && binding.Name == node)
            {
                node = binding;
            }

            return node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node;
        }

        private static async Task<Document> ReturnTaskAsync(Document document, TypeSyntax returnType, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var task = SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task")
                .WithTriviaFrom(returnType)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            return await AnnotatedImports.AddAndSimplifyAsync(document.WithSyntaxRoot(root.ReplaceNode(returnType, task)), cancellationToken).ConfigureAwait(false);
        }
    }
}
