using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP050: <c>Interlocked.Increment/Decrement/Add(ref x, …)</c> for int/long counters and sums whose
    /// value keeps its meaning; otherwise wraps the statements touching the variable in
    /// <c>lock (gate)</c>, declaring <c>var gate = new object();</c> before the parallel call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP050UnsynchronizedSharedWriteCodeFix)), Shared]
    public sealed class CVP050UnsynchronizedSharedWriteCodeFix : CodeFixProvider
    {
        internal const string InterlockedKey = "CVP050.Interlocked";
        internal const string LockKey = "CVP050.Lock";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnsynchronizedSharedWriteInParallelBody);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape))
                {
                    continue;
                }

                if (shape == CVP050UnsynchronizedSharedWriteAnalyzer.Lock)
                {
                    if (PlanLock(model, root, diagnostic, context.CancellationToken) is { } plan)
                    {
                        context.RegisterCodeFix(
                            CodeAction.Create(
                                "Wrap the write in 'lock'",
                                ct => Task.FromResult(document.WithSyntaxRoot(LockWrapper.Apply(model, root, new[] { plan }, ct))),
                                LockKey),
                            diagnostic);
                    }
                }
                else if (FindWrite(root, diagnostic) is { } write && InterlockedCall(model, write, shape) is { } call)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Use 'Interlocked." + MethodName(shape) + "'",
                            ct => ImportAdder.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(write, call)), Simplifier.AddImportsAnnotation, cancellationToken: ct),
                            InterlockedKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return null;
            }

            if (context.CodeActionEquivalenceKey == LockKey)
            {
                var plans = new List<LockPlan>();
                foreach (var diagnostic in diagnostics)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    if (diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape)
                        && shape == CVP050UnsynchronizedSharedWriteAnalyzer.Lock
                        && PlanLock(model, root, diagnostic, context.CancellationToken) is { } plan)
                    {
                        plans.Add(plan);
                    }
                }

                return plans.Count == 0 ? document : document.WithSyntaxRoot(LockWrapper.Apply(model, root, plans, context.CancellationToken));
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (diagnostic.Properties.TryGetValue(DiagnosticProperties.FixShape, out var shape)
                    && shape != CVP050UnsynchronizedSharedWriteAnalyzer.Lock
                    && FindWrite(root, diagnostic) is { } write
                    && InterlockedCall(model, write, shape) is { } call)
                {
                    replacements[write] = call;
                }
            }

            return await ImportAdder.AddImportsAsync(
                document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original])),
                Simplifier.AddImportsAnnotation,
                cancellationToken: context.CancellationToken).ConfigureAwait(false);
        }

        private static LockPlan? PlanLock(SemanticModel model, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (FindWrite(root, diagnostic) is not { } write || diagnostic.AdditionalLocations.Count < 2)
            {
                return null;
            }

            var invocation = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            var function = root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true)
                .FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>();
            if (function is null)
            {
                return null;
            }

            var target = TargetOf(write);
            if (target is ElementAccessExpressionSyntax element)
            {
                target = element.Expression;
            }

            var guarded = target is null ? null : model.GetSymbolInfo(target, cancellationToken).Symbol;
            return LockWrapper.Plan(model, write, guarded, invocation, function, cancellationToken);
        }

        private static ExpressionSyntax? FindWrite(SyntaxNode root, Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            return root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<ExpressionSyntax>(e => e.Span == span);
        }

        private static ExpressionSyntax? TargetOf(ExpressionSyntax write) => write switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left,
            PostfixUnaryExpressionSyntax postfix => postfix.Operand,
            PrefixUnaryExpressionSyntax prefix => prefix.Operand,
            _ => null,
        };

        private static string MethodName(string? shape) => shape switch
        {
            CVP050UnsynchronizedSharedWriteAnalyzer.Increment => "Increment",
            CVP050UnsynchronizedSharedWriteAnalyzer.Decrement => "Decrement",
            _ => "Add",
        };

        /// <summary>The Interlocked call replacing <paramref name="write"/>, or null when the syntax is not the expected shape.</summary>
        private static ExpressionSyntax? InterlockedCall(SemanticModel model, ExpressionSyntax write, string? shape)
        {
            var interlocked = TypeLookup.Find(model.Compilation, "System.Threading.Interlocked");
            if (interlocked is null || TargetOf(write) is not { } target)
            {
                return null;
            }

            var arguments = new List<ArgumentSyntax> { Argument(target.WithoutTrivia()).WithRefKindKeyword(Token(SyntaxKind.RefKeyword)) };
            switch (shape)
            {
                case CVP050UnsynchronizedSharedWriteAnalyzer.Increment when write.IsKind(SyntaxKind.PostIncrementExpression) || write.IsKind(SyntaxKind.PreIncrementExpression):
                case CVP050UnsynchronizedSharedWriteAnalyzer.Decrement when write.IsKind(SyntaxKind.PostDecrementExpression) || write.IsKind(SyntaxKind.PreDecrementExpression):
                    break;
                case CVP050UnsynchronizedSharedWriteAnalyzer.Add when write is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression } add:
                    arguments.Add(Argument(add.Right.WithoutTrivia()));
                    break;
                case CVP050UnsynchronizedSharedWriteAnalyzer.Subtract when write is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SubtractAssignmentExpression } subtract:
                    arguments.Add(Argument(Negate(subtract.Right.WithoutTrivia())));
                    break;
                default:
                    return null;
            }

            var type = ParseTypeName("global::System.Threading.Interlocked").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            return InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, IdentifierName(MethodName(shape))),
                    ArgumentList(SeparatedList(arguments)))
                .WithTriviaFrom(write);
        }

        private static ExpressionSyntax Negate(ExpressionSyntax value)
        {
            var operand = value is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
                or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
                ? value
                : ParenthesizedExpression(value);
            return PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, operand);
        }
    }
}
