using System;
using System.Collections.Generic;
using System.Linq;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>CVP001's Task.WhenAll shapes: Parallel.Invoke, ParallelQuery.ForAll, and the fallbacks where ForEachAsync/ForAsync are missing.</summary>
    internal static partial class CVP001LoopRewritePlanner
    {
        private sealed partial class Builder
        {
            /// <summary><c>Parallel.ForEach(source, body)</c> → <c>Task.WhenAll(source.Select(body))</c>.</summary>
            public CVP001Plan? ForEachWhenAll()
            {
                var sourceIndex = IndexOfParameter(0);
                var bodyIndex = IndexOfParameter(operation.TargetMethod.Parameters.Length - 1);
                if (sourceIndex < 0 || bodyIndex < 0 || invocation.Expression is GenericNameSyntax or MemberAccessExpressionSyntax { Name: GenericNameSyntax }
                    || Body(bodyIndex) is not { } body || !IsFixableBody(body, out _) || !IsSelectable(body)
                    || !CanSelect(invocation.ArgumentList.Arguments[sourceIndex].Expression, out var needsLinq))
                {
                    return null;
                }

                var makeAsync = NeedsAsyncForSelect(body);
                return new CVP001Plan(invocation, WhenAllKey, function, needsLinq, current =>
                {
                    var arguments = current.ArgumentList.Arguments;
                    var source = arguments[sourceIndex].Expression.WithoutTrivia();
                    var lambda = SelectBody((AnonymousFunctionExpressionSyntax)arguments[bodyIndex].Expression, makeAsync);
                    return WhenAll(Select(source, lambda));
                });
            }

            /// <summary><c>Parallel.For(a, b, body)</c> with constant bounds → <c>Task.WhenAll(Enumerable.Range(a, b - a).Select(body))</c>.</summary>
            public CVP001Plan? ForWhenAll()
            {
                var fromIndex = IndexOfParameter(0);
                var toIndex = IndexOfParameter(1);
                var bodyIndex = IndexOfParameter(operation.TargetMethod.Parameters.Length - 1);
                if (fromIndex < 0 || toIndex < 0 || bodyIndex < 0
                    || Body(bodyIndex) is not { } body || !IsFixableBody(body, out _) || !IsSelectable(body))
                {
                    return null;
                }

                var fromIsZero = model.GetConstantValue(invocation.ArgumentList.Arguments[fromIndex].Expression, cancellationToken) is { HasValue: true, Value: 0 };
                var makeAsync = NeedsAsyncForSelect(body);
                return new CVP001Plan(invocation, WhenAllKey, function, needsLinq: true, current =>
                {
                    var arguments = current.ArgumentList.Arguments;
                    var from = arguments[fromIndex].Expression.WithoutTrivia();
                    var to = arguments[toIndex].Expression.WithoutTrivia();
                    var count = fromIsZero
                        ? to
                        : SyntaxFactory.BinaryExpression(SyntaxKind.SubtractExpression, AwaitSyntax.AsOperand(to), AwaitSyntax.AsOperand(from));
                    var range = SyntaxFactory.InvocationExpression(
                        AwaitSyntax.Annotate(SyntaxFactory.ParseExpression("System.Linq.Enumerable.Range")),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(
                            new[] { SyntaxFactory.Argument(from), SyntaxFactory.Argument(count) },
                            new[] { SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space) })));
                    var lambda = SelectBody((AnonymousFunctionExpressionSyntax)arguments[bodyIndex].Expression, makeAsync);
                    return WhenAll(Select(range, lambda));
                });
            }

            /// <summary><c>Parallel.Invoke(a, b)</c> → <c>Task.WhenAll(A(), Task.Run(b))</c>.</summary>
            public CVP001Plan? InvokeWhenAll()
            {
                var arguments = invocation.ArgumentList.Arguments;
                if (arguments.Count == 0 || arguments.Any(a => a.NameColon is not null))
                {
                    return null;
                }

                var elements = new List<Func<ExpressionSyntax, ExpressionSyntax>>();
                foreach (var argument in arguments)
                {
                    if (ElementFor(argument.Expression) is not { } element)
                    {
                        return null;
                    }

                    elements.Add(element);
                }

                return new CVP001Plan(invocation, WhenAllKey, function, needsLinq: false, current =>
                {
                    var currentArguments = current.ArgumentList.Arguments;
                    var list = currentArguments;
                    for (var i = 0; i < currentArguments.Count; i++)
                    {
                        var expression = currentArguments[i].Expression;
                        list = list.Replace(list[i], list[i].WithExpression(elements[i](expression).WithTriviaFrom(expression)));
                    }

                    var whenAll = AwaitSyntax.Annotate(SyntaxFactory.ParseExpression("System.Threading.Tasks.Task.WhenAll"))
                        .WithTriviaFrom(current.Expression);
                    return current.WithExpression(whenAll).WithArgumentList(current.ArgumentList.WithArguments(list));
                });
            }

            /// <summary><c>source.AsParallel().ForAll(body)</c> → <c>Task.WhenAll(source.Select(body))</c>.</summary>
            public CVP001Plan? ForAllWhenAll()
            {
                if (!TryGetForAllParts(invocation, out var source, out var bodyExpression)
                    || bodyExpression is not AnonymousFunctionExpressionSyntax body
                    || !IsFixableBody(body, out _) || !IsSelectable(body)
                    || !CanSelect(source, out var needsLinq))
                {
                    return null;
                }

                var makeAsync = NeedsAsyncForSelect(body);
                return new CVP001Plan(invocation, WhenAllKey, function, needsLinq, current =>
                {
                    TryGetForAllParts(current, out var currentSource, out var currentBody);
                    var lambda = SelectBody((AnonymousFunctionExpressionSyntax)currentBody, makeAsync);
                    return WhenAll(Select(currentSource.WithoutTrivia(), lambda));
                });
            }

            private static bool TryGetForAllParts(InvocationExpressionSyntax call, out ExpressionSyntax source, out ExpressionSyntax body)
            {
                source = null!;
                body = null!;
                if (call.Expression is not MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax asParallel }
                    || asParallel.ArgumentList.Arguments.Count != 0
                    || asParallel.Expression is not MemberAccessExpressionSyntax { Name: IdentifierNameSyntax, Expression: { } receiver }
                    || call.ArgumentList.Arguments.Count != 1
                    || call.ArgumentList.Arguments[0].NameColon is not null)
                {
                    return false;
                }

                source = receiver;
                body = call.ArgumentList.Arguments[0].Expression;
                return true;
            }

            /// <summary>How one Parallel.Invoke action becomes a task, or null when none keeps its meaning.</summary>
            private Func<ExpressionSyntax, ExpressionSyntax>? ElementFor(ExpressionSyntax action)
            {
                if (action is AnonymousFunctionExpressionSyntax function)
                {
                    if (function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                    {
                        // async () => await FooAsync() → FooAsync()
                        if (function is ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 0, ExpressionBody: AwaitExpressionSyntax awaited }
                            && IsTask(model.GetTypeInfo(awaited.Expression, cancellationToken).Type))
                        {
                            return current => ((AwaitExpressionSyntax)((LambdaExpressionSyntax)current).ExpressionBody!).Expression.WithoutTrivia();
                        }

                        return TaskRun;
                    }

                    if (function.ExpressionBody is { } body && model.GetTypeInfo(body, cancellationToken).Type is { } type && known.IsTaskLike(type))
                    {
                        // () => FooAsync() → FooAsync(); a ValueTask → FooAsync().AsTask()
                        if (IsTask(type))
                        {
                            return current => ((AnonymousFunctionExpressionSyntax)current).ExpressionBody!.WithoutTrivia();
                        }

                        return current => SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(
                            SyntaxKind.SimpleMemberAccessExpression,
                            AwaitSyntax.AsOperand(((AnonymousFunctionExpressionSyntax)current).ExpressionBody!.WithoutTrivia()),
                            SyntaxFactory.IdentifierName("AsTask")));
                    }

                    return TaskRun;
                }

                // A variable, field or method group of a non-async method; nothing that wraps a delegate of its own.
                if (action is not (IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax))
                {
                    return null;
                }

                if (model.GetSymbolInfo(action, cancellationToken).Symbol is IMethodSymbol { IsAsync: true })
                {
                    return null;
                }

                var converted = model.GetTypeInfo(action, cancellationToken).ConvertedType;
                return converted is INamedTypeSymbol { DelegateInvokeMethod: { ReturnsVoid: true, Parameters.Length: 0 } } ? TaskRun : null;
            }

            private static ExpressionSyntax TaskRun(ExpressionSyntax action) =>
                SyntaxFactory.InvocationExpression(
                    AwaitSyntax.Annotate(SyntaxFactory.ParseExpression("System.Threading.Tasks.Task.Run")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(action.WithoutTrivia()))));

            /// <summary>Select has two overloads; an anonymous method without a parameter list would fit both.</summary>
            private static bool IsSelectable(AnonymousFunctionExpressionSyntax body) =>
                body is not AnonymousMethodExpressionSyntax { ParameterList: null };

            /// <summary>A non-async lambda stays as it is when its body is a Task; a ValueTask needs async/await to become one.</summary>
            private bool NeedsAsyncForSelect(AnonymousFunctionExpressionSyntax body) =>
                !body.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                && body.ExpressionBody is { } expression
                && !IsTask(model.GetTypeInfo(expression, cancellationToken).Type);

            private static AnonymousFunctionExpressionSyntax SelectBody(AnonymousFunctionExpressionSyntax current, bool makeAsync) =>
                (makeAsync ? LambdaRewriting.MakeAsyncAwaitingBody(current) : current).WithoutLeadingTrivia();

            /// <summary>True when <c>source.Select(…)</c> binds (or, with <c>using System.Linq</c>, will bind) to Enumerable.Select.</summary>
            private bool CanSelect(ExpressionSyntax source, out bool needsLinq)
            {
                needsLinq = false;
                if (model.GetTypeInfo(source, cancellationToken).Type is not { TypeKind: not TypeKind.Dynamic and not TypeKind.Error } type)
                {
                    return false;
                }

                var candidates = model.LookupSymbols(invocation.SpanStart, type, "Select", includeReducedExtensionMethods: true);
                foreach (var candidate in candidates)
                {
                    if (candidate is not IMethodSymbol { ReducedFrom: { } definition } || !KnownSymbols.IsOneOf(definition, known.EnumerableSelect))
                    {
                        return false;
                    }
                }

                needsLinq = candidates.IsEmpty;
                return true;
            }

            private static ExpressionSyntax WhenAll(ExpressionSyntax tasks) =>
                SyntaxFactory.InvocationExpression(
                    AwaitSyntax.Annotate(SyntaxFactory.ParseExpression("System.Threading.Tasks.Task.WhenAll")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(tasks))));

            private static ExpressionSyntax Select(ExpressionSyntax source, AnonymousFunctionExpressionSyntax selector) =>
                SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitSyntax.AsOperand(source), SyntaxFactory.IdentifierName("Select")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(selector))));
        }
    }
}
