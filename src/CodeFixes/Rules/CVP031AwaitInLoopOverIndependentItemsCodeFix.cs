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
    /// CVP031: <c>foreach (var x in xs) await F(x);</c> → <c>await Task.WhenAll(xs.Select(x =&gt; F(x)));</c>, and the
    /// list-building shapes → <c>list.AddRange(await Task.WhenAll(xs.Select(x =&gt; F(x))));</c> (results in item order).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP031AwaitInLoopOverIndependentItemsCodeFix)), Shared]
    public sealed class CVP031AwaitInLoopOverIndependentItemsCodeFix : CodeFixProvider
    {
        private const string EquivalenceKey = "CVP031.WhenAllSelect";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AwaitInLoopOverIndependentItems);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null || root.FindToken(context.Span.Start).Parent is not ForEachStatementSyntax loop)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (diagnostic.Properties.ContainsKey(DiagnosticProperties.NoFix)
                    || !diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape)
                    || !TryGetParts(loop, shape, model, context.CancellationToken, out var parts))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create("Use 'await Task.WhenAll' over the items", ct => UseWhenAllAsync(context.Document, loop, parts, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        private readonly struct Parts
        {
            public Parts(InvocationExpressionSyntax call, ExpressionSyntax? configureAwaitArgument, ExpressionSyntax? list)
            {
                Call = call;
                ConfigureAwaitArgument = configureAwaitArgument;
                List = list;
            }

            public InvocationExpressionSyntax Call { get; }

            public ExpressionSyntax? ConfigureAwaitArgument { get; }

            public ExpressionSyntax? List { get; }
        }

        private static bool TryGetParts(ForEachStatementSyntax loop, string? shape, SemanticModel model, CancellationToken cancellationToken, out Parts parts)
        {
            parts = default;
            var statements = loop.Statement is BlockSyntax block ? block.Statements : SyntaxFactory.SingletonList(loop.Statement);
            AwaitExpressionSyntax? await = null;
            ExpressionSyntax? list = null;
            if (shape == CVP031AwaitInLoopOverIndependentItemsAnalyzer.ShapeAwait && statements.Count == 1)
            {
                await = (statements[0] as ExpressionStatementSyntax)?.Expression as AwaitExpressionSyntax;
            }
            else if (shape == CVP031AwaitInLoopOverIndependentItemsAnalyzer.ShapeAdd)
            {
                var add = (statements[statements.Count - 1] as ExpressionStatementSyntax)?.Expression as InvocationExpressionSyntax;
                list = (add?.Expression as MemberAccessExpressionSyntax)?.Expression;
                await = statements.Count switch
                {
                    1 => add?.ArgumentList.Arguments.Count == 1 ? add.ArgumentList.Arguments[0].Expression as AwaitExpressionSyntax : null,
                    2 => (statements[0] as LocalDeclarationStatementSyntax)?.Declaration.Variables[0].Initializer?.Value as AwaitExpressionSyntax,
                    _ => null,
                };
            }

            if (await?.Expression is not InvocationExpressionSyntax awaited)
            {
                return false;
            }

            var known = KnownSymbols.Create(model.Compilation);
            InvocationExpressionSyntax call = awaited;
            ExpressionSyntax? configureAwait = null;
            if (!known.IsTaskLike(model.GetTypeInfo(awaited, cancellationToken).Type))
            {
                if (awaited.Expression is not MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax inner } || awaited.ArgumentList.Arguments.Count != 1)
                {
                    return false;
                }

                call = inner;
                configureAwait = awaited.ArgumentList.Arguments[0].Expression;
            }

            var callType = model.GetTypeInfo(call, cancellationToken).Type as INamedTypeSymbol;
            if (!known.IsTaskLike(callType) || !IsPlainTask(callType!, known))
            {
                return false;
            }

            // The lambda's parameter gets the element type: the loop variable must have exactly that type (no cast in foreach),
            // and the collection must be an IEnumerable<element> for Select. Nullable annotations are not a cast: 'var'
            // over a List<Egg> declares an 'Egg?' under #nullable enable.
            var info = model.GetForEachStatementInfo(loop);
            var variable = model.GetDeclaredSymbol(loop, cancellationToken);
            var collectionType = model.GetTypeInfo(loop.Expression, cancellationToken).Type;
            if (info.ElementType is null || variable is null || collectionType is null
                || !SymbolEqualityComparer.Default.Equals(info.ElementType, variable.Type)
                || !model.Compilation.ClassifyConversion(collectionType, known.IEnumerableOfT.Construct(info.ElementType)).IsImplicit)
            {
                return false;
            }

            if (list is not null)
            {
                // AddRange(TResult[]) must give the list's own element type.
                if (model.GetTypeInfo(list, cancellationToken).Type is not INamedTypeSymbol { TypeArguments.Length: 1 } listType
                    || callType!.TypeArguments.Length != 1
                    || !SymbolEqualityComparer.Default.Equals(listType.TypeArguments[0], callType.TypeArguments[0]))
                {
                    return false;
                }
            }

            parts = new Parts(call, configureAwait, list);
            return true;
        }

        private static bool IsPlainTask(INamedTypeSymbol type, KnownSymbols known) =>
            !KnownSymbols.Is(type.OriginalDefinition, known.ValueTask) && !KnownSymbols.Is(type.OriginalDefinition, known.ValueTaskOfT);

        private static async Task<Document> UseWhenAllAsync(Document document, ForEachStatementSyntax loop, Parts parts, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var collection = loop.Expression.WithoutTrivia();
            var source = collection is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
                or ElementAccessExpressionSyntax or ThisExpressionSyntax or ParenthesizedExpressionSyntax
                ? collection.ToString()
                : "(" + collection + ")";
            var whenAll = "await System.Threading.Tasks.Task.WhenAll(" + source + ".Select(" + loop.Identifier.ValueText + " => " + parts.Call.WithoutTrivia() + "))"
                + (parts.ConfigureAwaitArgument is null ? string.Empty : ".ConfigureAwait(" + parts.ConfigureAwaitArgument.WithoutTrivia() + ")");
            var text = parts.List is null ? whenAll + ";" : parts.List.WithoutTrivia() + ".AddRange(" + whenAll + ");";

            var linqCall = new SyntaxAnnotation();
            var statement = SyntaxFactory.ParseStatement(text);
            var select = FindSelect(statement);
            if (select is not null)
            {
                statement = statement.ReplaceNode(select, select.WithAdditionalAnnotations(linqCall));
            }

            statement = statement
                .WithLeadingTrivia(loop.GetLeadingTrivia())
                .WithTrailingTrivia(loop.GetTrailingTrivia())
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var edited = document.WithSyntaxRoot(root.ReplaceNode(loop, statement));
            edited = await LinqImport.EnsureAsync(edited, linqCall, cancellationToken).ConfigureAwait(false);
            return await AnnotatedImports.AddAndSimplifyAsync(edited, cancellationToken).ConfigureAwait(false);
        }

        private static InvocationExpressionSyntax? FindSelect(StatementSyntax statement)
        {
            foreach (var node in statement.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Select" } } invocation)
                {
                    return invocation;
                }
            }

            return null;
        }
    }
}
