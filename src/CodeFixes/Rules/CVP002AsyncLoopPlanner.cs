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
using Shapes = ConcurrencyAnalyzers.Rules.CVP002BlockingIoInParallelBodyAnalyzer.Shapes;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>One planned rewrite: the parallel call, its replacement, and the enclosing function to make async.</summary>
    internal sealed class CVP002Plan
    {
        public CVP002Plan(InvocationExpressionSyntax invocation, ExpressionSyntax replacement, EnclosingFunctionChange function)
        {
            Invocation = invocation;
            Replacement = replacement;
            Function = function;
        }

        public InvocationExpressionSyntax Invocation { get; }

        public ExpressionSyntax Replacement { get; }

        public EnclosingFunctionChange Function { get; }
    }

    /// <summary>
    /// Plans CVP002's rewrite: <c>Parallel.ForEach(source[, options], x => { … File.ReadAllText(x) … })</c> becomes
    /// <c>await Parallel.ForEachAsync(source[, options], async (x, cancellationToken) => { … await File.ReadAllTextAsync(x, cancellationToken) … })</c>
    /// (ForAsync for For). Only when every blocking call of the body has a counterpart with the same result, the body
    /// takes no loop state, and the enclosing function may become async.
    /// </summary>
    internal static class CVP002AsyncLoopPlanner
    {
        public const string ForEachAsyncKey = "CVP002.ForEachAsync";
        public const string ForAsyncKey = "CVP002.ForAsync";
        private const string TokenName = "cancellationToken";

        public static string KeyOf(string shape) => shape == Shapes.ForAsync ? ForAsyncKey : ForEachAsyncKey;

        public static async Task<CVP002Plan?> CreateAsync(Document document, SemanticModel model, InvocationExpressionSyntax invocation, string shape, CancellationToken cancellationToken)
        {
            var known = KnownSymbols.Create(model.Compilation);
            if (invocation.Parent is not ExpressionStatementSyntax statement
                || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
                || ((CSharpParseOptions)invocation.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp7)
            {
                return null;
            }

            var method = operation.TargetMethod;
            var arguments = invocation.ArgumentList.Arguments;
            if (arguments.Count != method.Parameters.Length
                || arguments.Any(a => a.NameColon is not null || a.RefKindKeyword.RawKind != 0)
                || method.Parameters[method.Parameters.Length - 1].Type is not INamedTypeSymbol { DelegateInvokeMethod.Parameters.Length: 1 }
                || arguments[arguments.Count - 1].Expression is not AnonymousFunctionExpressionSyntax lambda
                || lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                || lambda is ParenthesizedLambdaExpressionSyntax { ReturnType: not null }
                || lambda is AnonymousMethodExpressionSyntax { ParameterList: null }
                || model.GetOperation(lambda, cancellationToken) is not IAnonymousFunctionOperation function)
            {
                return null;
            }

            if (shape == Shapes.ForEachAsync ? !IsPlainEnumerableSource(model, known, operation, arguments[0], cancellationToken) : !HasLoopTypedBounds(model, operation, arguments, cancellationToken))
            {
                return null;
            }

            if (HasRefLikeLocals(model, lambda, cancellationToken))
            {
                return null;
            }

            var table = BlockingCallTable.Create(model.Compilation, known)
                .ForTree(document.Project.AnalyzerOptions, invocation.SyntaxTree, RuleIds.BlockingIoInParallelBody);
            var tokenName = FreeNames.Pick(model, lambda, TokenName, Enumerable.Empty<string>(), cancellationToken);
            var rewrites = new Dictionary<SyntaxNode, System.Func<SyntaxNode, ExpressionSyntax?>>();
            foreach (var descendant in function.Body.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                ISymbol? member = descendant switch
                {
                    IInvocationOperation call => call.TargetMethod,
                    IPropertyReferenceOperation property => property.Property,
                    _ => null,
                };
                if (member is null || !table.TryGet(member, out var blocking)
                    || ConcurrencyAnalyzers.Rules.CVP002BlockingIoInParallelBodyAnalyzer.IsConsoleWriterCall(descendant, known)
                    || !ReferenceEquals(AsyncContext.GetEnclosingFunctionOperation(descendant), function))
                {
                    continue;
                }

                if (!blocking.HasCounterpart || descendant.Syntax.Ancestors().TakeWhile(a => a != lambda).Any(a => a is LockStatementSyntax or QueryExpressionSyntax))
                {
                    return null;
                }

                var rewrite = RewriteOf(descendant, blocking, tokenName, known);
                if (rewrite is null)
                {
                    return null;
                }

                rewrites[descendant.Syntax] = rewrite;
            }

            if (rewrites.Count == 0)
            {
                return null;
            }

            var enclosing = await EnclosingFunctionAsync.AnalyzeAsync(document, model, statement, cancellationToken).ConfigureAwait(false);
            if (enclosing is null)
            {
                return null;
            }

            var rewritten = invocation.ReplaceNodes(rewrites.Keys, (original, current) => Placed(original, rewrites[original](current) ?? (ExpressionSyntax)current));
            var newArguments = rewritten.ArgumentList.Arguments;
            var newLambda = (AnonymousFunctionExpressionSyntax)newArguments[newArguments.Count - 1].Expression;
            var tokenType = AwaitSyntax.Annotate(SyntaxFactory.ParseTypeName("System.Threading.CancellationToken"));
            var asyncLambda = MakeAsync(LambdaRewriting.AddParameter(newLambda, tokenName, tokenType));
            rewritten = rewritten.WithArgumentList(rewritten.ArgumentList.WithArguments(
                newArguments.Replace(newArguments[newArguments.Count - 1], newArguments[newArguments.Count - 1].WithExpression(asyncLambda))));
            var newName = shape == Shapes.ForAsync ? "ForAsync" : "ForEachAsync";
            if (rewritten.Expression is MemberAccessExpressionSyntax access)
            {
                rewritten = rewritten.WithExpression(access.WithName(SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(newName)).WithTriviaFrom(access.Name)));
            }
            else if (rewritten.Expression is IdentifierNameSyntax name)
            {
                rewritten = rewritten.WithExpression(SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(newName)).WithTriviaFrom(name));
            }
            else
            {
                return null;
            }

            return new CVP002Plan(invocation, AwaitSyntax.Await(rewritten.WithoutTrivia()).WithTriviaFrom(invocation), enclosing);
        }

        /// <summary>How one blocking call becomes an awaited one; null when it cannot be rewritten safely.</summary>
        private static System.Func<SyntaxNode, ExpressionSyntax?>? RewriteOf(IOperation operation, BlockingCall blocking, string tokenName, KnownSymbols known)
        {
            if (blocking.AwaitInstead)
            {
                return operation switch
                {
                    // task.Result → await task
                    IPropertyReferenceOperation => node => node is MemberAccessExpressionSyntax access ? AwaitSyntax.Await(access.Expression.WithoutTrivia()).WithTriviaFrom(node) : null,

                    // task.GetAwaiter().GetResult() → await task;  task.Wait() → await task
                    IInvocationOperation { TargetMethod.Parameters.Length: 0 } call => node => node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                        ? AwaitedReceiver(access.Expression, stripGetAwaiter: !KnownSymbols.InheritsFromOrEquals(call.TargetMethod.ContainingType, known.Task))?.WithTriviaFrom(node)
                        : null,
                    _ => null,
                };
            }

            if (operation is not IInvocationOperation invocation
                || blocking.Blocking is not IMethodSymbol blockingMethod
                || (blocking.CounterpartWithToken ?? blocking.Counterpart) is not { } counterpart
                || invocation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.Explicit)
                || invocation.Arguments.Length != blockingMethod.Parameters.Length
                || !SameResult(blockingMethod, counterpart, known))
            {
                return null;
            }

            var passToken = blocking.CounterpartWithToken is not null;
            return node =>
            {
                if (node is not InvocationExpressionSyntax call)
                {
                    return null;
                }

                var arguments = call.ArgumentList;
                if (passToken)
                {
                    arguments = arguments.AddArguments(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(tokenName)));
                }

                ExpressionSyntax callee;
                if (counterpart.IsStatic)
                {
                    var type = SyntaxFactory.ParseTypeName(counterpart.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                    callee = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitSyntax.Annotate((ExpressionSyntax)type), SyntaxFactory.IdentifierName(counterpart.Name));
                }
                else if (call.Expression is MemberAccessExpressionSyntax access && access.Name is IdentifierNameSyntax)
                {
                    callee = access.WithName(SyntaxFactory.IdentifierName(counterpart.Name).WithTriviaFrom(access.Name));
                }
                else
                {
                    return null;
                }

                return AwaitSyntax.Await(SyntaxFactory.InvocationExpression(callee.WithoutTrivia(), arguments)).WithTriviaFrom(call);
            };
        }

        /// <summary><c>x.GetAwaiter()</c> → <c>await x</c> (when <paramref name="stripGetAwaiter"/>), <c>t</c> → <c>await t</c>.</summary>
        private static ExpressionSyntax? AwaitedReceiver(ExpressionSyntax receiver, bool stripGetAwaiter)
        {
            if (stripGetAwaiter)
            {
                if (receiver is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter, ArgumentList.Arguments.Count: 0 })
                {
                    return null;
                }

                receiver = getAwaiter.Expression;
            }

            return AwaitSyntax.Await(receiver.WithoutTrivia());
        }

        /// <summary>The counterpart's awaited result is the blocking method's result (WaitAny's int index is not WhenAny's task).</summary>
        private static bool SameResult(IMethodSymbol blocking, IMethodSymbol counterpart, KnownSymbols known)
        {
            var returnType = counterpart.ReturnType as INamedTypeSymbol;
            var generic = returnType is { IsGenericType: true } && (KnownSymbols.Is(returnType.OriginalDefinition, known.TaskOfT) || KnownSymbols.Is(returnType.OriginalDefinition, known.ValueTaskOfT));
            if (blocking.ReturnsVoid)
            {
                return !generic;
            }

            return generic && SymbolEqualityComparer.Default.Equals(returnType!.TypeArguments[0], blocking.ReturnType);
        }

        /// <summary>An await in the middle of a member access or element access needs parentheses.</summary>
        private static ExpressionSyntax Placed(SyntaxNode original, ExpressionSyntax replacement) =>
            replacement is AwaitExpressionSyntax && original.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax or PostfixUnaryExpressionSyntax
                ? SyntaxFactory.ParenthesizedExpression(replacement.WithoutTrivia()).WithTriviaFrom(replacement)
                : replacement;

        private static AnonymousFunctionExpressionSyntax MakeAsync(AnonymousFunctionExpressionSyntax function)
        {
            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (function.Modifiers.Count > 0)
            {
                return function.WithModifiers(function.Modifiers.Add(asyncKeyword)); // 'static async', the usual order
            }

            var first = function.GetFirstToken();
            var leading = first.LeadingTrivia;
            function = function.ReplaceToken(first, first.WithLeadingTrivia());
            return function.WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(leading)));
        }

        /// <summary>ForEachAsync takes an IEnumerable&lt;T&gt; (no Partitioner) that is not also an IAsyncEnumerable&lt;T&gt; (ambiguous).</summary>
        private static bool IsPlainEnumerableSource(SemanticModel model, KnownSymbols known, IInvocationOperation operation, ArgumentSyntax source, CancellationToken cancellationToken)
        {
            if (!KnownSymbols.Is(operation.TargetMethod.OriginalDefinition.Parameters[0].Type.OriginalDefinition, known.IEnumerableOfT))
            {
                return false;
            }

            var asyncEnumerable = TypeLookup.Find(model.Compilation, "System.Collections.Generic.IAsyncEnumerable`1");
            var type = model.GetTypeInfo(source.Expression, cancellationToken).Type;
            return type is not null
                && (asyncEnumerable is null
                    || (!KnownSymbols.Is(type.OriginalDefinition, asyncEnumerable) && !type.AllInterfaces.Any(i => KnownSymbols.Is(i.OriginalDefinition, asyncEnumerable))));
        }

        /// <summary>ForAsync&lt;T&gt; infers T from the bounds: both must already be of the loop's type.</summary>
        private static bool HasLoopTypedBounds(SemanticModel model, IInvocationOperation operation, SeparatedSyntaxList<ArgumentSyntax> arguments, CancellationToken cancellationToken)
        {
            var loopType = operation.TargetMethod.Parameters[0].Type;
            return SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(arguments[0].Expression, cancellationToken).Type, loopType)
                && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(arguments[1].Expression, cancellationToken).Type, loopType);
        }

        private static bool HasRefLikeLocals(SemanticModel model, SyntaxNode lambda, CancellationToken cancellationToken)
        {
            foreach (var node in lambda.DescendantNodes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (node is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax
                    || (node is VariableDeclarationSyntax declaration
                        && (declaration.Type is RefTypeSyntax || model.GetTypeInfo(declaration.Type, cancellationToken).Type is { IsRefLikeType: true })))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
