using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// Answers "which function encloses this operation, and is it async?" by walking
    /// <see cref="IOperation.Parent"/> up to the innermost lambda, anonymous method or local function.
    /// </summary>
    internal static class AsyncContext
    {
        /// <summary>
        /// The innermost function (lambda, anonymous method, local function, or the member the
        /// operation block belongs to) that contains <paramref name="operation"/>.
        /// </summary>
        public static IMethodSymbol? GetEnclosingFunction(IOperation operation, ISymbol containingSymbol)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Symbol;
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol;
                }
            }

            return containingSymbol as IMethodSymbol;
        }

        /// <summary>The innermost enclosing function operation (lambda or local function), or null at member level.</summary>
        public static IOperation? GetEnclosingFunctionOperation(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>True when the innermost function containing <paramref name="operation"/> is declared async.</summary>
        public static bool IsInAsyncFunction(IOperation operation, ISymbol containingSymbol) =>
            GetEnclosingFunction(operation, containingSymbol) is { IsAsync: true };

        /// <summary>
        /// True when the operation sits where it is never executed as written: inside <c>nameof</c>,
        /// or inside a lambda converted to an expression tree.
        /// </summary>
        public static bool IsInNameOfOrExpressionTree(IOperation operation, KnownSymbols known)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case INameOfOperation:
                        return true;
                    case IAnonymousFunctionOperation lambda
                        when lambda.Parent is IDelegateCreationOperation { Type: { } type } && KnownSymbols.InheritsFromOrEquals(type, known.LambdaExpression):
                        return true;
                    case IAnonymousFunctionOperation lambda
                        when lambda.Parent is IConversionOperation { Type: { } convertedType } && KnownSymbols.InheritsFromOrEquals(convertedType, known.LambdaExpression):
                        return true;
                }
            }

            return false;
        }
    }
}
