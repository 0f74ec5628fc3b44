using System.Collections.Immutable;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP010: <c>Task.Run(() =&gt; FooAsync(x))</c>, <c>Task.Run(async () =&gt; await FooAsync(x))</c> and
    /// the same with <c>Task.Factory.StartNew(…).Unwrap()</c>: the lambda only starts one asynchronous
    /// call, so the hop to the thread pool buys nothing.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP010TaskRunWrapsAsyncCallAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP010TaskRunWrapsAsyncCall);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.TaskRun.IsEmpty)
                {
                    return;
                }

                // From the lambdas, not the calls: every hop this rule reports has one, and they are far rarer.
                start.RegisterOperationAction(c => AnalyzeLambda(c, known), OperationKind.AnonymousFunction);
            });
        }

        private static void AnalyzeLambda(OperationAnalysisContext context, KnownSymbols known)
        {
            var lambda = (IAnonymousFunctionOperation)context.Operation;
            if (PoolHop.TryCreateFor(lambda, known, includeStartNew: true) is not { } hop
                || InnerCall(hop, known) is not { } inner
                || AsyncContext.IsInNameOfOrExpressionTree(hop.Expression, known))
            {
                return;
            }

            // Task.Run(() => Self()) inside Self is a trampoline: calling directly would recurse on this stack.
            if (SymbolEqualityComparer.Default.Equals(inner.TargetMethod.OriginalDefinition, context.ContainingSymbol.OriginalDefinition))
            {
                return;
            }

            // In a UI program, Task.Run around the program's own async method is the usual way to run its
            // synchronous parts off the UI thread (its awaits would otherwise resume there).
            if (known.HasUiFramework && IsDeclaredInSource(inner.TargetMethod))
            {
                return;
            }

            // `_ = Task.Run(() => LoopAsync())` starts a background loop on purpose: nobody waits for it, and
            // the hop keeps the loop's synchronous start off the caller's thread (StackExchange.Redis does this).
            if (IsDiscarded(hop.Expression))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var shape = hop.TokenIsKeptBy(inner, known) ? TaskReplacement.Shape(hop.Expression, inner.Type, known) : null;
            properties = shape is null
                ? properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True)
                : properties.Add(DiagnosticProperties.FixShape, shape);

            context.Report(Diagnostic.Create(
                Descriptors.CVP010TaskRunWrapsAsyncCall,
                hop.Expression.Syntax.GetLocation(),
                new[] { inner.Syntax.GetLocation() },
                properties,
                hop.Display,
                inner.TargetMethod.Name));
        }

        private static bool IsDiscarded(IOperation expression)
        {
            var parent = expression.Parent;
            while (parent is IConversionOperation { IsImplicit: true })
            {
                parent = parent.Parent;
            }

            return parent is IExpressionStatementOperation
                || parent is ISimpleAssignmentOperation { Target: IDiscardOperation };
        }

        private static bool IsDeclaredInSource(IMethodSymbol method)
        {
            foreach (var location in (method.ReducedFrom ?? method).OriginalDefinition.Locations)
            {
                if (location.IsInSource)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The one task-returning call the lambda starts (non-async lambda: returns it; async lambda:
        /// awaits it, possibly through ConfigureAwait), with operands that cost nothing to evaluate.
        /// </summary>
        private static IInvocationOperation? InnerCall(PoolHop hop, KnownSymbols known)
        {
            var value = hop.SingleValue();
            if (hop.Lambda.Symbol.IsAsync)
            {
                if (value is not IAwaitOperation await)
                {
                    return null;
                }

                value = PoolHop.Strip(await.Operation);
                if (value is IInvocationOperation configure && KnownSymbols.IsOneOf(configure.TargetMethod, known.TaskConfigureAwait) && configure.Instance is { } awaited)
                {
                    value = PoolHop.Strip(awaited);
                }
            }

            if (value is not IInvocationOperation inner
                || inner.TargetMethod.MethodKind == MethodKind.DelegateInvoke
                || !known.IsTaskLike(inner.Type)
                || (!hop.Lambda.Symbol.IsAsync && !KnownSymbols.InheritsFromOrEquals(inner.Type, known.Task))
                || !PoolHop.HasCheapOperands(inner))
            {
                return null;
            }

            return inner;
        }
    }
}
