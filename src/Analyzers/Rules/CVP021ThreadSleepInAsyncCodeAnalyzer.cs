using System.Collections.Immutable;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP021: <c>Thread.Sleep</c> inside an async method, async lambda or async local function. The
    /// thread is held for the whole pause instead of being given back while the code waits.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP021ThreadSleepInAsyncCodeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the fix may pass a CancellationToken (Task.Delay has the overload).</summary>
        internal const string FixShapeDelay = "Delay";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP021ThreadSleepInAsyncCode);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.ThreadSleep.IsEmpty)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeInvocation(c, known), OperationKind.Invocation);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols known)
        {
            var call = (IInvocationOperation)context.Operation;
            if (!KnownSymbols.IsOneOf(call.TargetMethod, known.ThreadSleep)
                || call.Arguments.Length != 1
                || !AsyncContext.IsInAsyncFunction(call, context.ContainingSymbol)
                || ParallelBody.IsInParallelLoopBody(call, known)
                || AsyncContext.IsInNameOfOrExpressionTree(call, known))
            {
                return;
            }

            // Thread.Sleep(0) gives up the rest of the time slice; it does not hold the thread waiting.
            if (call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 })
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (CanAwaitHere(call) && HasDelayOverload(known, call.TargetMethod.Parameters[0].Type))
            {
                properties = properties.Add(DiagnosticProperties.FixShape, FixShapeDelay);
            }
            else
            {
                properties = properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True);
            }

            context.Report(Diagnostic.Create(
                Descriptors.CVP021ThreadSleepInAsyncCode, call.Syntax.GetLocation(), properties, "Thread.Sleep"));
        }

        /// <summary>Task.Delay with the same parameter as the Sleep overload (int or TimeSpan) exists in this compilation.</summary>
        private static bool HasDelayOverload(KnownSymbols known, ITypeSymbol parameterType)
        {
            foreach (var delay in known.TaskDelay)
            {
                if (delay.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(delay.Parameters[0].Type, parameterType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'await' is not allowed inside a lock statement or an unsafe context: there the rule still
        /// reports, but no fix is offered.
        /// </summary>
        private static bool CanAwaitHere(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is ILockOperation)
                {
                    return false;
                }

                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    break;
                }
            }

            return !UnsafeContext.Contains(operation.Syntax);
        }
    }
}
