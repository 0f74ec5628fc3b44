using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// Collections of tasks awaited together: after <c>await Task.WhenAll(tasks)</c> (or <c>tasks.Values</c>),
    /// an element read as <c>tasks[i]</c>, or through the variable of a <c>foreach</c> over the same collection
    /// (<c>item.Value</c> for a dictionary), is complete.
    /// </summary>
    internal sealed partial class KnownCompleteTasks
    {
        /// <summary>The local/parameter a collection expression reads: <c>tasks</c> for <c>tasks</c> and <c>tasks.Values</c>.</summary>
        private static IOperation CollectionRoot(IOperation collection)
        {
            collection = Unwrap(collection);
            while (collection is IPropertyReferenceOperation { Instance: { } instance, Property.IsIndexer: false })
            {
                collection = Unwrap(instance);
            }

            return collection;
        }

        private bool IsElementOfAwaitedCollection(IOperation receiver, IOperation access, CancellationToken cancellationToken)
        {
            receiver = Unwrap(receiver);
            switch (receiver)
            {
                case IArrayElementReferenceOperation element:
                    return IsAwaitedRoot(element.ArrayReference, access, cancellationToken);
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed }:
                    return IsAwaitedRoot(indexed, access, cancellationToken);
                case IPropertyReferenceOperation { Instance: { } pair }:
                    // foreach (var pair in tasks) { pair.Value.Result }
                    return SymbolOf(Unwrap(pair)) is ILocalSymbol pairLocal && IsIterationOfAwaitedCollection(pairLocal, access, cancellationToken);
                default:
                    return SymbolOf(receiver) is ILocalSymbol local && IsIterationOfAwaitedCollection(local, access, cancellationToken);
            }
        }

        private bool IsAwaitedRoot(IOperation collection, IOperation access, CancellationToken cancellationToken) =>
            SymbolOf(CollectionRoot(collection)) is { } root && IsAwaitedBefore(root, access, cancellationToken);

        private bool IsIterationOfAwaitedCollection(ILocalSymbol local, IOperation access, CancellationToken cancellationToken)
        {
            for (var current = access.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }

                if (current is IForEachLoopOperation loop && loop.Locals.Contains(local, SymbolEqualityComparer.Default))
                {
                    return IsAwaitedRoot(loop.Collection, loop, cancellationToken);
                }
            }

            return false;
        }
    }
}
