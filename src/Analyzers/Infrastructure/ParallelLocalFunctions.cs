using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
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
    /// Per operation block: which local functions run as part of a parallel body, because a parallel body
    /// calls them, because they are passed to a parallel construct as a method group, or (transitively)
    /// because such a local function calls them. Feed it every invocation and method reference of the
    /// block, then ask at block end.
    /// </summary>
    internal sealed class ParallelLocalFunctions
    {
        private readonly object sync = new object();
        private readonly Dictionary<IMethodSymbol, ParallelDelegate> direct = new Dictionary<IMethodSymbol, ParallelDelegate>(SymbolEqualityComparer.Default);
        private readonly List<KeyValuePair<IMethodSymbol, IMethodSymbol>> calls = new List<KeyValuePair<IMethodSymbol, IMethodSymbol>>();

        /// <summary>
        /// Registers, in a block-start action, the actions that find operations of <paramref name="kinds"/>
        /// running in a parallel body (directly, or in a local function it runs) and report what
        /// <paramref name="analyze"/> returns for them.
        /// </summary>
        public static void Register(
            OperationBlockStartAnalysisContext context,
            KnownSymbols known,
            Func<IOperation, ParallelSite, Diagnostic?> analyze,
            params OperationKind[] kinds)
        {
            var tracker = new ParallelLocalFunctions();
            var deferred = new List<KeyValuePair<IOperation, ILocalFunctionOperation>>();

            context.RegisterOperationAction(c => tracker.Observe(c.Operation, known), OperationKind.Invocation, OperationKind.MethodReference);
            context.RegisterOperationAction(
                c =>
                {
                    if (ParallelBody.TryFindEnclosing(c.Operation, known, out var body))
                    {
                        if (analyze(c.Operation, new ParallelSite(body, null)) is { } diagnostic)
                        {
                            c.ReportDiagnostic(diagnostic);
                        }
                    }
                    else if (ParallelBody.GetEnclosingLocalFunction(c.Operation) is { } localFunction)
                    {
                        lock (deferred)
                        {
                            deferred.Add(new KeyValuePair<IOperation, ILocalFunctionOperation>(c.Operation, localFunction));
                        }
                    }
                },
                kinds);
            context.RegisterOperationBlockEndAction(c =>
            {
                lock (deferred)
                {
                    foreach (var pair in deferred)
                    {
                        c.CancellationToken.ThrowIfCancellationRequested();
                        if (tracker.TryGetBody(pair.Value.Symbol, out var body)
                            && analyze(pair.Key, new ParallelSite(body, pair.Value)) is { } diagnostic)
                        {
                            c.ReportDiagnostic(diagnostic);
                        }
                    }
                }
            });
        }

        /// <summary>Records a call of, or a delegate made from, a local function.</summary>
        public void Observe(IOperation operation, KnownSymbols known)
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
        public bool TryGetBody(IMethodSymbol localFunction, out ParallelDelegate body)
        {
            lock (sync)
            {
                var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                var pending = new Stack<IMethodSymbol>();
                pending.Push(localFunction.OriginalDefinition);
                while (pending.Count > 0)
                {
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
