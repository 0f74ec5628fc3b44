using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>Can an <c>await</c> be written where this operation is? (Not in a lock body, CS1996; not in an unsafe context, CS4004.)</summary>
    internal static class AwaitPlacement
    {
        public static bool IsForbidden(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is ILockOperation)
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    break;
                }
            }

            return UnsafeContext.Contains(operation.Syntax);
        }
    }
}
