using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// Where an operation runs in parallel: the parallel delegate, and (when the operation is in a local
    /// function that the delegate calls or is) that local function. Declarations inside either run once per
    /// iteration (or per call) and are private to it; everything declared outside is shared.
    /// </summary>
    internal readonly struct ParallelSite
    {
        public ParallelSite(ParallelDelegate body, ILocalFunctionOperation? localFunction)
        {
            Body = body;
            LocalFunction = localFunction;
        }

        public ParallelDelegate Body { get; }

        /// <summary>The local function the operation is written in, when it is not written in the delegate itself.</summary>
        public ILocalFunctionOperation? LocalFunction { get; }

        /// <summary>True when <paramref name="symbol"/> (a local or parameter) is declared inside the delegate or the local function.</summary>
        public bool IsDeclaredInside(ISymbol symbol)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (Contains(Body.Creation.Syntax, reference) || (LocalFunction is not null && Contains(LocalFunction.Syntax, reference)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Contains(SyntaxNode region, SyntaxReference reference) =>
            reference.SyntaxTree == region.SyntaxTree && region.Span.Contains(reference.Span);
    }

    /// <summary>
    /// Finds where code runs in parallel: the lambdas and anonymous methods passed to a parallel construct,
    /// and the local functions such a delegate runs. Asked from an operation (<see cref="TryFind"/>, walking
    /// up) or from a function (<see cref="TryGetSite"/>, for rules that walk down). One per set of shared symbols,
    /// shared by the rules (<see cref="ParallelBodies.Sites"/>). The local-function question needs a walk of the
    /// whole member; it is made once per member asked about one of its local functions, and kept while the
    /// member's operation tree lives.
    /// </summary>
    internal sealed class ParallelSites
    {
        private readonly KnownSymbols known;
        private readonly LazyWeakTable<IOperation, ParallelLocalFunctions> perMember = new LazyWeakTable<IOperation, ParallelLocalFunctions>();

        public ParallelSites(KnownSymbols known) => this.known = known;

        /// <summary>
        /// True when <paramref name="operation"/> runs as part of a parallel delegate: its innermost enclosing
        /// lambda is one, or its innermost enclosing function is a local function such a delegate runs. For rules
        /// whose operations are rare (CVP050's writes): asking from each one is cheaper than walking every body.
        /// </summary>
        public bool TryFind(IOperation operation, CancellationToken cancellationToken, out ParallelSite site)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return TryGetSite(current, cancellationToken, out site);
                }
            }

            site = default;
            return false;
        }

        /// <summary>
        /// For rules that walk down from the parallel bodies instead of up from every operation: when
        /// <paramref name="function"/> (a lambda, anonymous method or local function) is a parallel site, the
        /// site its own operations (<see cref="ParallelBody.OwnOperations"/>) run in: the delegate itself when it
        /// is passed to a parallel construct, or the delegate that runs the local function (it calls it, directly or
        /// through other local functions, or is made from it).
        /// </summary>
        public bool TryGetSite(IOperation function, CancellationToken cancellationToken, out ParallelSite site)
        {
            switch (function)
            {
                case IAnonymousFunctionOperation lambda when ParallelBody.TryGetParallelDelegate(lambda, known, out var body):
                    site = new ParallelSite(body, null);
                    return true;
                case ILocalFunctionOperation localFunction when LocalFunctionsOf(localFunction, cancellationToken).TryGetBody(localFunction.Symbol, cancellationToken, out var runner):
                    site = new ParallelSite(runner, localFunction);
                    return true;
                default:
                    site = default;
                    return false;
            }
        }

        private ParallelLocalFunctions LocalFunctionsOf(IOperation inside, CancellationToken cancellationToken)
        {
            var root = KnownCompleteTasks.RootOf(inside);
            return perMember.GetOrCreate(root, r => ParallelLocalFunctions.Collect(r, known, cancellationToken));
        }
    }

    /// <summary>
    /// For one member: which local functions run as part of a parallel body, because a parallel body
    /// calls them, because they are passed to a parallel construct as a method group, or (transitively)
    /// because such a local function calls them.
    /// </summary>
    internal sealed class ParallelLocalFunctions
    {
        private readonly object sync = new object();
        private readonly Dictionary<IMethodSymbol, ParallelDelegate> direct = new Dictionary<IMethodSymbol, ParallelDelegate>(SymbolEqualityComparer.Default);
        private readonly List<KeyValuePair<IMethodSymbol, IMethodSymbol>> calls = new List<KeyValuePair<IMethodSymbol, IMethodSymbol>>();

        /// <summary>Walks the member under <paramref name="root"/> once, recording every call of and delegate made from a local function.</summary>
        public static ParallelLocalFunctions Collect(IOperation root, KnownSymbols known, CancellationToken cancellationToken)
        {
            var result = new ParallelLocalFunctions();
            var visited = 0;
            foreach (var operation in root.DescendantsAndSelf())
            {
                if ((visited++ & 255) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (operation is IInvocationOperation or IMethodReferenceOperation)
                {
                    result.Observe(operation, known);
                }
            }

            return result;
        }

        /// <summary>Records a call of, or a delegate made from, a local function.</summary>
        private void Observe(IOperation operation, KnownSymbols known)
        {
            var target = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IMethodReferenceOperation reference => reference.Method,
                _ => null,
            };
            if (target is not { MethodKind: MethodKind.LocalFunction })
            {
                return;
            }

            target = target.OriginalDefinition;
            if (operation is IMethodReferenceOperation { Parent: IDelegateCreationOperation creation })
            {
                if (ParallelBody.TryGetParallelDelegate(creation, known, out var passed))
                {
                    AddDirect(target, passed);
                }

                // A delegate made from a local function and handed to anything else runs who knows when.
                return;
            }

            if (ParallelBody.TryFindEnclosing(operation, known, out var body))
            {
                AddDirect(target, body);
            }
            else if (ParallelBody.GetEnclosingLocalFunction(operation) is { } caller)
            {
                lock (sync)
                {
                    calls.Add(new KeyValuePair<IMethodSymbol, IMethodSymbol>(caller.Symbol.OriginalDefinition, target));
                }
            }
        }

        /// <summary>The parallel delegate that runs <paramref name="localFunction"/>, directly or through other local functions.</summary>
        public bool TryGetBody(IMethodSymbol localFunction, CancellationToken cancellationToken, out ParallelDelegate body)
        {
            lock (sync)
            {
                var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                var pending = new Stack<IMethodSymbol>();
                pending.Push(localFunction.OriginalDefinition);
                while (pending.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var current = pending.Pop();
                    if (!seen.Add(current))
                    {
                        continue;
                    }

                    if (direct.TryGetValue(current, out body))
                    {
                        return true;
                    }

                    foreach (var call in calls)
                    {
                        if (SymbolEqualityComparer.Default.Equals(call.Value, current))
                        {
                            pending.Push(call.Key);
                        }
                    }
                }
            }

            body = default;
            return false;
        }

        private void AddDirect(IMethodSymbol localFunction, ParallelDelegate body)
        {
            lock (sync)
            {
                if (!direct.ContainsKey(localFunction))
                {
                    direct.Add(localFunction, body);
                }
            }
        }
    }
}
