using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// Can a task-typed expression be replaced by another awaitable expression without changing what
    /// the surrounding code sees? Used when a fix swaps <c>Task.Run(…)</c> for the call it wraps.
    /// </summary>
    internal static class TaskReplacement
    {
        /// <summary>Fix shape: put the new call in place as it is.</summary>
        public const string Direct = "Direct";

        /// <summary>Fix shape: put the new call in place followed by <c>.AsTask()</c> (a ValueTask where a Task is used).</summary>
        public const string AsTask = "AsTask";

        /// <summary>
        /// <see cref="Direct"/>, <see cref="AsTask"/>, or null when replacing <paramref name="original"/>
        /// (of type Task or Task&lt;T&gt;) with an expression of type <paramref name="replacementType"/> could
        /// change types, overloads or results.
        /// </summary>
        public static string? Shape(IOperation original, ITypeSymbol? replacementType, KnownSymbols known)
        {
            if (original.Type is not INamedTypeSymbol originalType || replacementType is not INamedTypeSymbol newType)
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(originalType, newType))
            {
                return Direct;
            }

            var isValueTask = KnownSymbols.Is(newType.OriginalDefinition, known.ValueTask) || KnownSymbols.Is(newType.OriginalDefinition, known.ValueTaskOfT);
            var isTask = KnownSymbols.Is(newType.OriginalDefinition, known.Task) || KnownSymbols.Is(newType.OriginalDefinition, known.TaskOfT);
            if (!isValueTask && !isTask)
            {
                return null;
            }

            var await = AwaitOf(original, known, out var viaConfigureAwaitBool);
            var sameResult = SymbolEqualityComparer.Default.Equals(ResultType(originalType), ResultType(newType));
            var resultDiscarded = await?.Parent is IExpressionStatementOperation { IsImplicit: false } && ResultType(originalType) is null;

            if (isValueTask)
            {
                if (await is not null && (viaConfigureAwaitBool || await.Operation == original) && (sameResult || resultDiscarded))
                {
                    return Direct;
                }

                return sameResult && !known.ValueTaskAsTask.IsEmpty ? AsTask : null;
            }

            // Task<T> where a plain Task was produced: only where the value is awaited and thrown away.
            return resultDiscarded ? Direct : null;
        }

        /// <summary>The await that consumes <paramref name="operation"/>, directly or through ConfigureAwait.</summary>
        private static IAwaitOperation? AwaitOf(IOperation operation, KnownSymbols known, out bool viaConfigureAwaitBool)
        {
            viaConfigureAwaitBool = false;
            switch (operation.Parent)
            {
                case IAwaitOperation await:
                    return await;
                case IInvocationOperation { Parent: IAwaitOperation await } configure
                    when configure.Instance == operation && KnownSymbols.IsOneOf(configure.TargetMethod, known.TaskConfigureAwait):
                    viaConfigureAwaitBool = configure.TargetMethod.Parameters.Length == 1
                        && configure.TargetMethod.Parameters[0].Type.SpecialType == SpecialType.System_Boolean;
                    return await;
                default:
                    return null;
            }
        }

        /// <summary>T of Task&lt;T&gt; / ValueTask&lt;T&gt;; null for Task / ValueTask.</summary>
        private static ITypeSymbol? ResultType(INamedTypeSymbol type) =>
            type.IsGenericType && type.TypeArguments.Length == 1 ? type.TypeArguments[0] : null;
    }
}
