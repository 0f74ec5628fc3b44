using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Shapes = ConcurrencyAnalyzers.Rules.CVP001AsyncDelegateInParallelLoopAnalyzer.Shapes;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>Plans CVP001's rewrites: <c>Parallel.ForEachAsync</c>, <c>Parallel.ForAsync</c>, or <c>Task.WhenAll</c>.</summary>
    internal static partial class CVP001LoopRewritePlanner
    {
        public const string ForEachAsyncKey = "CVP001.ForEachAsync";
        public const string ForAsyncKey = "CVP001.ForAsync";
        public const string WhenAllKey = "CVP001.WhenAll";
        private const string TokenName = "cancellationToken";

        public static string KeyOf(string shape) => shape switch
        {
            Shapes.ForEachAsync => ForEachAsyncKey,
            Shapes.ForAsync => ForAsyncKey,
            _ => WhenAllKey,
        };

        public static async Task<CVP001Plan?> CreateAsync(
            Document document,
            SemanticModel model,
            KnownSymbols known,
            InvocationExpressionSyntax invocation,
            string shape,
            IReadOnlyList<(TextSpan Span, string Name)> reserved,
            CancellationToken cancellationToken)
        {
            // The call is a statement of its own, or the whole body of an arrow-bodied function (its result dropped).
            SyntaxNode? anchor = invocation.Parent switch
            {
                ExpressionStatementSyntax statement => statement,
                ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } => invocation,
                AnonymousFunctionExpressionSyntax lambda when lambda.ExpressionBody == invocation => invocation,
                _ => null,
            };
            if (anchor is null
                || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
                || invocation.ArgumentList.Arguments.Any(a => a.RefKindKeyword.RawKind != 0))
            {
                return null;
            }

            var version = ((CSharpParseOptions)invocation.SyntaxTree.Options).LanguageVersion;
            if (version < LanguageVersion.CSharp7)
            {
                return null; // async lambdas returning ValueTask need C# 7
            }

            var function = await EnclosingFunctionAsync.AnalyzeAsync(document, model, anchor, cancellationToken).ConfigureAwait(false);
            if (function is null)
            {
                return null;
            }

            var builder = new Builder(model, known, invocation, operation, function, reserved, cancellationToken);
            return shape switch
            {
                Shapes.ForEachAsync => builder.IsAlsoAsyncEnumerable() ? null : builder.AsyncLoop(ForEachAsyncKey, "ForEachAsync", typeArgument: null),
                Shapes.ForAsync => builder.AsyncLoop(ForAsyncKey, "ForAsync", builder.ForAsyncTypeArgument()),
                Shapes.ForEachWhenAll => builder.ForEachWhenAll(),
                Shapes.ForWhenAll => builder.ForWhenAll(),
                Shapes.InvokeWhenAll => builder.InvokeWhenAll(),
                Shapes.ForAllWhenAll => builder.ForAllWhenAll(),
                _ => null,
            };
        }

        private sealed partial class Builder
        {
            private readonly SemanticModel model;
            private readonly KnownSymbols known;
            private readonly InvocationExpressionSyntax invocation;
            private readonly IInvocationOperation operation;
            private readonly EnclosingFunctionChange function;
            private readonly IReadOnlyList<(TextSpan Span, string Name)> reserved;
            private readonly CancellationToken cancellationToken;

            public Builder(SemanticModel model, KnownSymbols known, InvocationExpressionSyntax invocation, IInvocationOperation operation,
                EnclosingFunctionChange function, IReadOnlyList<(TextSpan Span, string Name)> reserved, CancellationToken cancellationToken)
            {
                this.model = model;
                this.known = known;
                this.invocation = invocation;
                this.operation = operation;
                this.function = function;
                this.reserved = reserved;
                this.cancellationToken = cancellationToken;
            }

            /// <summary><c>Parallel.ForEach(…, body)</c> → <c>Parallel.ForEachAsync(…, async (x, cancellationToken) => …)</c>; same for For.</summary>
            public CVP001Plan? AsyncLoop(string key, string newName, TypeSyntax? typeArgument)
            {
                var bodyIndex = IndexOfParameter(operation.TargetMethod.Parameters.Length - 1);
                if (bodyIndex < 0 || Body(bodyIndex) is not { } body || !IsFixableBody(body, out var isAsync))
                {
                    return null;
                }

                // Action<T, ParallelLoopState>: the loop state gives way to the token, if the body never uses it.
                var replacesLoopState = operation.TargetMethod.Parameters[operation.TargetMethod.Parameters.Length - 1].Type
                    is INamedTypeSymbol { DelegateInvokeMethod.Parameters.Length: 2 };
                if (replacesLoopState && !IsSecondParameterUnused(body))
                {
                    return null;
                }

                var taken = reserved.Where(r => r.Span.Contains(body.Span) || body.Span.Contains(r.Span)).Select(r => r.Name);
                var name = FreeNames.Pick(model, body, TokenName, taken, cancellationToken);
                var tokenType = AwaitSyntax.Annotate(SyntaxFactory.ParseTypeName("System.Threading.CancellationToken"));
                var plan = new CVP001Plan(invocation, key, function, needsLinq: false, current =>
                {
                    var arguments = current.ArgumentList.Arguments;
                    var lambda = (AnonymousFunctionExpressionSyntax)arguments[bodyIndex].Expression;
                    var asyncLambda = isAsync ? lambda : LambdaRewriting.MakeAsyncAwaitingBody(lambda);
                    var rewritten = replacesLoopState
                        ? LambdaRewriting.ReplaceParameter(asyncLambda, 1, name, tokenType)
                        : LambdaRewriting.AddParameter(asyncLambda, name, tokenType);
                    var list = current.ArgumentList.WithArguments(arguments.Replace(arguments[bodyIndex], arguments[bodyIndex].WithExpression(rewritten)));
                    return current.WithExpression(Rename(current.Expression, newName, typeArgument)).WithArgumentList(list);
                });
                plan.AddedNames.Add((body.Span, name));
                return plan;
            }

            /// <summary>A source that is also an IAsyncEnumerable&lt;T&gt; would make ForEachAsync ambiguous.</summary>
            public bool IsAlsoAsyncEnumerable()
            {
                var index = IndexOfParameter(0);
                var asyncEnumerable = TypeLookup.Find(model.Compilation, "System.Collections.Generic.IAsyncEnumerable`1");
                if (index < 0 || asyncEnumerable is null)
                {
                    return index < 0;
                }

                var type = model.GetTypeInfo(invocation.ArgumentList.Arguments[index].Expression, cancellationToken).Type;
                return type is null
                    || KnownSymbols.Is(type.OriginalDefinition, asyncEnumerable)
                    || type.AllInterfaces.Any(i => KnownSymbols.Is(i.OriginalDefinition, asyncEnumerable));
            }

            /// <summary>True when the body's second parameter (the ParallelLoopState) is never referenced.</summary>
            private bool IsSecondParameterUnused(AnonymousFunctionExpressionSyntax body)
            {
                var parameters = body switch
                {
                    ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList.Parameters,
                    AnonymousMethodExpressionSyntax { ParameterList: { } list } => list.Parameters,
                    AnonymousMethodExpressionSyntax => default(SeparatedSyntaxList<ParameterSyntax>?),
                    _ => null,
                };
                if (parameters is null)
                {
                    return body is AnonymousMethodExpressionSyntax; // delegate { … } cannot name it
                }

                if (parameters.Value.Count != 2 || model.GetDeclaredSymbol(parameters.Value[1], cancellationToken) is not IParameterSymbol state)
                {
                    return false;
                }

                foreach (var identifier in body.Body.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (identifier.Identifier.ValueText == state.Name
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, state))
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary><c>&lt;int&gt;</c> / <c>&lt;long&gt;</c> when the bounds are not already of the loop's type (ForAsync infers T from them).</summary>
            public TypeSyntax? ForAsyncTypeArgument()
            {
                var loopType = operation.TargetMethod.Parameters[0].Type;
                foreach (var ordinal in new[] { 0, 1 })
                {
                    var index = IndexOfParameter(ordinal);
                    if (index < 0)
                    {
                        return null;
                    }

                    var type = model.GetTypeInfo(invocation.ArgumentList.Arguments[index].Expression, cancellationToken).Type;
                    if (!SymbolEqualityComparer.Default.Equals(type, loopType))
                    {
                        return SyntaxFactory.PredefinedType(SyntaxFactory.Token(
                            loopType.SpecialType == SpecialType.System_Int64 ? SyntaxKind.LongKeyword : SyntaxKind.IntKeyword));
                    }
                }

                return null;
            }

            private AnonymousFunctionExpressionSyntax? Body(int index) =>
                invocation.ArgumentList.Arguments[index].Expression as AnonymousFunctionExpressionSyntax;

            /// <summary>An async lambda / anonymous method, or an expression lambda whose body is a task; no explicit return type.</summary>
            private bool IsFixableBody(AnonymousFunctionExpressionSyntax body, out bool isAsync)
            {
                isAsync = body.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                if (body is ParenthesizedLambdaExpressionSyntax { ReturnType: not null })
                {
                    return false;
                }

                return isAsync
                    || body.ExpressionBody is { } expression && known.IsTaskLike(model.GetTypeInfo(expression, cancellationToken).Type);
            }

            private bool IsTask(ITypeSymbol? type) => KnownSymbols.InheritsFromOrEquals(type, known.Task);

            private int IndexOfParameter(int ordinal)
            {
                foreach (var argument in operation.Arguments)
                {
                    if (argument.Parameter?.Ordinal == ordinal && argument.Syntax is ArgumentSyntax syntax)
                    {
                        return invocation.ArgumentList.Arguments.IndexOf(syntax);
                    }
                }

                return -1;
            }

            private static ExpressionSyntax Rename(ExpressionSyntax expression, string newName, TypeSyntax? typeArgument)
            {
                SimpleNameSyntax Renamed(SimpleNameSyntax name)
                {
                    var identifier = SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier);
                    if (typeArgument is not null && name is IdentifierNameSyntax)
                    {
                        return SyntaxFactory.GenericName(identifier, SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(typeArgument)))
                            .WithTriviaFrom(name);
                    }

                    return name.WithIdentifier(identifier);
                }

                return expression switch
                {
                    MemberAccessExpressionSyntax access => access.WithName(Renamed(access.Name)),
                    SimpleNameSyntax name => Renamed(name),
                    _ => expression,
                };
            }
        }
    }
}
