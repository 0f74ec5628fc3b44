using System;
using System.Collections.Immutable;
using System.Threading;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP020: <c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c>,
    /// <c>Task.WaitAny</c> or <c>SemaphoreSlim.Wait</c> inside an async method, async lambda or async
    /// local function — unless the task is already known to be complete there.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP020BlockingWaitInAsyncCodeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Values of <see cref="DiagnosticProperties.FixShape"/>.</summary>
        internal static class Shapes
        {
            /// <summary>Replace the whole access with <c>await receiver</c>.</summary>
            public const string Await = "Await";

            /// <summary><c>task.Wait(token)</c> → <c>await task.WaitAsync(token)</c>; <c>semaphore.Wait(…)</c> → <c>await semaphore.WaitAsync(…)</c>.</summary>
            public const string WaitAsync = "WaitAsync";

            /// <summary><c>Task.WaitAll(…)</c> → <c>await Task.WhenAll(…)</c>.</summary>
            public const string WhenAll = "WhenAll";

            /// <summary><c>Task.WaitAny(…);</c> as a statement → <c>await Task.WhenAny(…);</c>.</summary>
            public const string WhenAny = "WhenAny";
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP020BlockingWaitInAsyncCode);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.Task is null)
                {
                    return;
                }

                var table = BlockingCallTable.Create(start.Compilation, known);

                // What each body awaits and writes, collected on the first blocking access found in it.
                var bodies = new LazyWeakTable<IOperation, KnownCompleteTasks>();
                start.RegisterOperationAction(c => Analyze(c, known, table, bodies), OperationKind.Invocation, OperationKind.PropertyReference);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownSymbols known, BlockingCallTable table, LazyWeakTable<IOperation, KnownCompleteTasks> bodies)
        {
            // Cheapest first: is it a blocking wait at all (symbol comparisons), then where it is (parent walks).
            var operation = context.Operation;
            if (Classify(operation, known) is not { } hit
                || !AsyncContext.IsInAsyncFunction(operation, context.ContainingSymbol)
                || AsyncContext.IsInNameOfOrExpressionTree(operation, known)
                || ParallelBody.IsInParallelLoopBody(operation, known)
                || IsExcluded(context, table))
            {
                return;
            }

            var (access, receiver, construct, fix, shape) = hit;
            if (receiver is not null)
            {
                if (CompleteTasksOf(KnownCompleteTasks.RootOf(operation), bodies, known, context.CancellationToken).IsKnownComplete(receiver, access, context.CancellationToken))
                {
                    return;
                }
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            properties = shape is null || AwaitPlacement.IsForbidden(access)
                ? properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True)
                : properties.Add(DiagnosticProperties.FixShape, shape);
            context.Report(Diagnostic.Create(Descriptors.CVP020BlockingWaitInAsyncCode, access.Syntax.GetLocation(), properties, construct, fix));
        }

        /// <summary>The body's collected awaits and writes (a separate method: the lambda's closure is made only on a miss).</summary>
        private static KnownCompleteTasks CompleteTasksOf(IOperation root, LazyWeakTable<IOperation, KnownCompleteTasks> bodies, KnownSymbols known, CancellationToken cancellationToken) =>
            bodies.GetOrCreate(root, r => KnownCompleteTasks.Collect(r, known, cancellationToken));

        /// <summary>
        /// The user took this member out of the blocking-API table in .editorconfig
        /// (<c>concurrency_analyzers[.CVP020].excluded_blocking_apis</c>).
        /// </summary>
        private static bool IsExcluded(OperationAnalysisContext context, BlockingCallTable table)
        {
            ISymbol member = context.Operation is IPropertyReferenceOperation property ? property.Property : ((IInvocationOperation)context.Operation).TargetMethod;
            return table.TryGet(member, out _)
                && !table.ForTree(context.Options, context.Operation.Syntax.SyntaxTree, RuleIds.BlockingWaitInAsyncCode).TryGet(member, out _);
        }

        /// <summary>What blocking wait <paramref name="operation"/> is, the task it waits on (for the known-complete check), and which fix applies.</summary>
        private static (IOperation Access, IOperation? Receiver, string Construct, string Fix, string? Shape)? Classify(IOperation operation, KnownSymbols known)
        {
            // Kinds, not type tests: this runs for every call and property read, and a test against an interface
            // searches the node's interfaces.
            if (operation.Kind == OperationKind.PropertyReference)
            {
                var property = (IPropertyReferenceOperation)operation;
                // Task<T>.Result and ValueTask<T>.Result: the name rules out nearly every property read first.
                if (!string.Equals(property.Property.Name, "Result", StringComparison.Ordinal))
                {
                    return null;
                }

                var definition = property.Property.OriginalDefinition;
                if (!KnownSymbols.Is(definition, known.TaskResult) && !KnownSymbols.Is(definition, known.ValueTaskResult))
                {
                    return null;
                }

                return (property, property.Instance, ".Result", "await", CanAwait(property.Instance) ? Shapes.Await : null);
            }

            if (operation.Kind != OperationKind.Invocation)
            {
                return null;
            }

            var call = (IInvocationOperation)operation;
            if (!known.IsBlockingWait(call.TargetMethod))
            {
                return null;
            }

            var method = call.TargetMethod;
            if (KnownSymbols.IsOneOf(method, known.AwaiterGetResult))
            {
                // Only the direct chain task.GetAwaiter().GetResult() (or task.ConfigureAwait(x).GetAwaiter().GetResult()).
                if (call.Instance is not IInvocationOperation getAwaiter || !KnownSymbols.IsOneOf(getAwaiter.TargetMethod, known.TaskGetAwaiter))
                {
                    return null;
                }

                var awaitable = getAwaiter.Instance;
                var task = awaitable is IInvocationOperation configure && KnownSymbols.IsOneOf(configure.TargetMethod, known.TaskConfigureAwait) ? configure.Instance : awaitable;
                return (call, task, ".GetAwaiter().GetResult()", "await", CanAwait(awaitable) ? Shapes.Await : null);
            }

            if (KnownSymbols.IsOneOf(method, known.TaskWait))
            {
                if (HasZeroTimeout(call))
                {
                    return null;
                }

                string? shape = null;
                if (method.Parameters.Length == 0)
                {
                    shape = Shapes.Await;
                }
                else if (method.Parameters.Length == 1 && KnownSymbols.Is(method.Parameters[0].Type, known.CancellationToken) && HasWaitAsync(known.TaskWaitAsync, method, known))
                {
                    shape = Shapes.WaitAsync;
                }

                return (call, call.Instance, ".Wait()", shape == Shapes.WaitAsync ? "await task.WaitAsync" : "await", CanAwait(call.Instance) ? shape : null);
            }

            if (KnownSymbols.IsOneOf(method, known.SemaphoreSlimWait))
            {
                if (HasZeroTimeout(call))
                {
                    return null;
                }

                var shape = HasWaitAsync(known.SemaphoreSlimWaitAsync, method, known) && CanAwait(call.Instance) ? Shapes.WaitAsync : null;
                return (call, null, "SemaphoreSlim.Wait", "await SemaphoreSlim.WaitAsync", shape);
            }

            if (KnownSymbols.IsOneOf(method, known.TaskWaitAll))
            {
                return (call, null, "Task.WaitAll", "await Task.WhenAll", OnlyTaskParameters(method, known) ? Shapes.WhenAll : null);
            }

            if (KnownSymbols.IsOneOf(method, known.TaskWaitAny))
            {
                if (HasZeroTimeout(call))
                {
                    return null;
                }

                var statement = call.Parent is IExpressionStatementOperation && OnlyTaskParameters(method, known);
                return (call, null, "Task.WaitAny", "await Task.WhenAny", statement ? Shapes.WhenAny : null);
            }

            return null;
        }

        /// <summary>The receiver can be written after <c>await</c>: an explicit task expression (not <c>this</c>, not a <c>?.</c> binding).</summary>
        private static bool CanAwait(IOperation? receiver) =>
            receiver is not null && !receiver.IsImplicit && receiver is not IConditionalAccessInstanceOperation and not IInstanceReferenceOperation;

        /// <summary>A WaitAsync overload whose parameter types equal those of the Wait overload exists in the compilation.</summary>
        private static bool HasWaitAsync(ImmutableHashSet<IMethodSymbol> candidates, IMethodSymbol wait, KnownSymbols known)
        {
            foreach (var candidate in candidates)
            {
                if (candidate.Parameters.Length != wait.Parameters.Length || IsObsolete(candidate, known))
                {
                    continue;
                }

                var same = true;
                for (var i = 0; i < wait.Parameters.Length && same; i++)
                {
                    same = SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].Type, wait.Parameters[i].Type);
                }

                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsObsolete(IMethodSymbol method, KnownSymbols known)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (KnownSymbols.Is(attribute.AttributeClass, known.ObsoleteAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every parameter is a task array / collection / span (no timeout, no token).</summary>
        private static bool OnlyTaskParameters(IMethodSymbol method, KnownSymbols known)
        {
            foreach (var parameter in method.Parameters)
            {
                var type = parameter.Type;
                var element = type is IArrayTypeSymbol array ? array.ElementType
                    : type is INamedTypeSymbol { TypeArguments.Length: 1 } named ? named.TypeArguments[0]
                    : null;
                if (!KnownSymbols.Is(element, known.Task))
                {
                    return false;
                }
            }

            return method.Parameters.Length > 0;
        }

        /// <summary><c>Wait(0)</c> / <c>WaitAny(tasks, 0)</c> only polls; it never blocks.</summary>
        private static bool HasZeroTimeout(IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32 && argument.Value.ConstantValue is { HasValue: true, Value: 0 })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
