using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// Answers to "is this lambda or local function a parallel site, and what does it do?", shared by the rules that
    /// start from the parallel bodies and work down (CVP002, CVP051). Each rule asks each function whether it is a
    /// site; a site is walked once for the operations those rules read, and the rule that asks second (the driver
    /// runs the rules one after another over the same member) reads them from here. The <see cref="ParallelSites"/>
    /// inside, with its per-member local-function answers, is shared too (CVP050 asks it from each write).
    /// One per <see cref="KnownSymbols"/> instance, so shared by the compilations that share those symbols: the IDE
    /// makes a compilation per document analyzed, and a weak table keyed by compilation cost more per document than
    /// CVP002's whole work on a document of ordinary code. What is kept is keyed by the operation itself, which
    /// belongs to one compilation; it is dropped when a body of another semantic model is walked, so at most the
    /// last document's bodies are held.
    /// </summary>
    internal sealed class ParallelBodies
    {
        /// <summary>How many bodies' operations are kept (a power of two): more than the parallel bodies of almost any member.</summary>
        private const int Kept = 32;

        private static readonly ConditionalWeakTable<KnownSymbols, ParallelBodies> PerSymbols = new ConditionalWeakTable<KnownSymbols, ParallelBodies>();

        /// <summary>
        /// The last bodies walked, written round the ring without a lock (an entry is immutable, and a reference is
        /// written whole), with their functions beside them so that a search reads one array. A slot can be rewritten
        /// between the two reads: the entry's own function is checked as well.
        /// </summary>
        private readonly Entry?[] recent = new Entry?[Kept];
        private readonly FunctionSlot[] recentFunctions = new FunctionSlot[Kept];
        private int next;
        private int lastFound = -1;

        /// <summary>The semantic model of the bodies kept (a body of another one clears them).</summary>
        private SemanticModel? keptFrom;

        /// <summary>The thread's buffer for collecting a body's operations (taken while in use).</summary>
        [ThreadStatic]
        private static Found[]? spare;

        /// <summary>A separate instance (tests: one that no other compilation's analysis clears); rules use <see cref="For"/>.</summary>
        internal ParallelBodies(KnownSymbols known) => Sites = new ParallelSites(known);

        public ParallelSites Sites { get; }

        /// <summary>The instance for <paramref name="known"/> (made by the first rule that asks).</summary>
        public static ParallelBodies For(KnownSymbols known) =>
            PerSymbols.TryGetValue(known, out var existing) ? existing : PerSymbols.GetValue(known, k => new ParallelBodies(k));

        /// <summary>
        /// True when <paramref name="function"/> (a lambda, anonymous method or local function) is a parallel site
        /// (<see cref="ParallelSites.TryGetSite"/>). Then <paramref name="operations"/> are its own operations
        /// (<see cref="ParallelBody.OwnOperations"/>) that call, read a property, assign, or increment or decrement:
        /// every operation CVP002 and CVP051 look at. The array is shared: read it, never write to it.
        /// </summary>
        public bool TryGet(IOperation function, CancellationToken cancellationToken, out ParallelSite site, out IOperation[] operations) =>
            TryGet(function, cancellationToken, out site, out operations, out _);

        /// <summary>
        /// <see cref="TryGet(IOperation, CancellationToken, out ParallelSite, out IOperation[])"/>, with the kind of each
        /// operation beside it (<paramref name="kinds"/>[i] is <paramref name="operations"/>[i]'s): reading a kind is a
        /// call through the interface, and the walk has read each one already.
        /// </summary>
        public bool TryGet(IOperation function, CancellationToken cancellationToken, out ParallelSite site, out IOperation[] operations, out OperationKind[] kinds)
        {
            // Every lambda asks the site question again (pointer reads and a symbol-set test); only the walk of the
            // few that are sites is kept. Keeping the other answers as well cost more, in code with many lambdas and
            // few parallel ones, than it saved.
            if (!Sites.TryGetSite(function, cancellationToken, out site))
            {
                operations = System.Array.Empty<IOperation>();
                kinds = System.Array.Empty<OperationKind>();
                return false;
            }

            // From the slot after the last one found: the rule asking second asks about a member's bodies in the
            // order the first one did, so it usually finds each in the next slot.
            var start = Volatile.Read(ref lastFound) + 1;
            for (var i = 0; i < Kept; i++)
            {
                var slot = (start + i) & (Kept - 1);
                if (ReferenceEquals(Volatile.Read(ref recentFunctions[slot].Function), function)
                    && Volatile.Read(ref recent[slot]) is { } entry
                    && ReferenceEquals(entry.Function, function))
                {
                    Volatile.Write(ref lastFound, slot);
                    operations = entry.Operations;
                    kinds = entry.Kinds;
                    return true;
                }
            }

            (operations, kinds) = Collect(function, cancellationToken);
            var model = function.SemanticModel;
            if (!ReferenceEquals(Volatile.Read(ref keptFrom), model))
            {
                // Another document or compilation: what is kept cannot be asked about again by the rules working on
                // this one, and would keep the other alive.
                Volatile.Write(ref keptFrom, model);
                Array.Clear(recentFunctions, 0, Kept);
                Array.Clear(recent, 0, Kept);
            }

            var written = (Interlocked.Increment(ref next) - 1) & (Kept - 1);
            Volatile.Write(ref recent[written], new Entry(function, operations, kinds));
            Volatile.Write(ref recentFunctions[written].Function, function);
            return true;
        }

        private static (IOperation[] Operations, OperationKind[] Kinds) Collect(IOperation function, CancellationToken cancellationToken)
        {
            var found = spare ?? new Found[64];
            spare = null;
            var count = 0;
            var visited = 0;
            using (var walk = ParallelBody.OwnOperations(function).GetEnumerator())
            {
                while (walk.MoveNext())
                {
                    if ((visited++ & 127) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    var kind = walk.CurrentKind;
                    switch (kind)
                    {
                        case OperationKind.Invocation:
                        case OperationKind.PropertyReference:
                        case OperationKind.SimpleAssignment:
                        case OperationKind.CompoundAssignment:
                        case OperationKind.CoalesceAssignment:
                        case OperationKind.Increment:
                        case OperationKind.Decrement:
                            if (count == found.Length)
                            {
                                Array.Resize(ref found, count * 2);
                            }

                            found[count++] = new Found(walk.Current, kind);
                            break;
                    }
                }
            }

            var operations = count == 0 ? Array.Empty<IOperation>() : new IOperation[count];
            var kinds = count == 0 ? Array.Empty<OperationKind>() : new OperationKind[count];
            for (var i = 0; i < count; i++)
            {
                operations[i] = found[i].Operation;
                kinds[i] = found[i].Kind;
            }

            if (found.Length <= 4096)
            {
                Array.Clear(found, 0, count);
                spare = found;
            }

            return (operations, kinds);
        }

        /// <summary>An operation found in a body and its kind (a struct: see <see cref="ParallelBody.OwnOperationsWalk"/>'s stack).</summary>
        private readonly struct Found
        {
            public Found(IOperation operation, OperationKind kind)
            {
                Operation = operation;
                Kind = kind;
            }

            public IOperation Operation { get; }

            public OperationKind Kind { get; }
        }

        /// <summary>
        /// A function in the ring, in a struct: a reference to an element of an <c>IOperation[]</c> is taken with a check
        /// of the array's type (arrays of interfaces are covariant); a struct's field needs none.
        /// </summary>
        private struct FunctionSlot
        {
            public IOperation? Function;
        }

        private sealed class Entry
        {
            public Entry(IOperation function, IOperation[] operations, OperationKind[] kinds)
            {
                Function = function;
                Operations = operations;
                Kinds = kinds;
            }

            public IOperation Function { get; }

            public IOperation[] Operations { get; }

            public OperationKind[] Kinds { get; }
        }
    }
}
