using System;
using System.Collections.Generic;
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
        private readonly IOperation?[] recentFunctions = new IOperation?[Kept];
        private int next;
        private int lastFound = -1;

        /// <summary>The semantic model of the bodies kept (a body of another one clears them).</summary>
        private SemanticModel? keptFrom;

        /// <summary>The thread's list for collecting a body's operations (taken while in use).</summary>
        [ThreadStatic]
        private static List<IOperation>? spare;

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
        public bool TryGet(IOperation function, CancellationToken cancellationToken, out ParallelSite site, out IOperation[] operations)
        {
            // Every lambda asks the site question again (pointer reads and a symbol-set test); only the walk of the
            // few that are sites is kept. Keeping the other answers as well cost more, in code with many lambdas and
            // few parallel ones, than it saved.
            if (!Sites.TryGetSite(function, cancellationToken, out site))
            {
                operations = System.Array.Empty<IOperation>();
                return false;
            }

            // From the slot after the last one found: the rule asking second asks about a member's bodies in the
            // order the first one did, so it usually finds each in the next slot.
            var start = Volatile.Read(ref lastFound) + 1;
            for (var i = 0; i < Kept; i++)
            {
                var slot = (start + i) & (Kept - 1);
                if (ReferenceEquals(Volatile.Read(ref recentFunctions[slot]), function)
                    && Volatile.Read(ref recent[slot]) is { } entry
                    && ReferenceEquals(entry.Function, function))
                {
                    Volatile.Write(ref lastFound, slot);
                    operations = entry.Operations;
                    return true;
                }
            }

            operations = Collect(function, cancellationToken);
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
            Volatile.Write(ref recent[written], new Entry(function, operations));
            Volatile.Write(ref recentFunctions[written], function);
            return true;
        }

        private static IOperation[] Collect(IOperation function, CancellationToken cancellationToken)
        {
            var found = spare ?? new List<IOperation>();
            spare = null;
            var visited = 0;
            foreach (var operation in ParallelBody.OwnOperations(function))
            {
                if ((visited++ & 127) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                switch (operation.Kind)
                {
                    case OperationKind.Invocation:
                    case OperationKind.PropertyReference:
                    case OperationKind.SimpleAssignment:
                    case OperationKind.CompoundAssignment:
                    case OperationKind.CoalesceAssignment:
                    case OperationKind.Increment:
                    case OperationKind.Decrement:
                        found.Add(operation);
                        break;
                }
            }

            var result = found.ToArray();
            found.Clear();
            spare = found;
            return result;
        }

        private sealed class Entry
        {
            public Entry(IOperation function, IOperation[] operations)
            {
                Function = function;
                Operations = operations;
            }

            public IOperation Function { get; }

            public IOperation[] Operations { get; }
        }
    }
}
