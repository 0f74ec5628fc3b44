using System.Collections.Immutable;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP011: <c>Task.Run(() =&gt; File.ReadAllText(p))</c>, <c>Task.Run(() =&gt; Thread.Sleep(n))</c> and the
    /// like ("fake async"): a pool thread is hired to sit waiting on IO that has an async API. The
    /// blocking APIs and their counterparts come from the shared <see cref="BlockingCallTable"/>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP011TaskRunWrapsBlockingIoAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: "true" when the fix appends Task.Run's token to the counterpart's arguments.</summary>
        internal const string PassToken = "PassToken";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP011TaskRunWrapsBlockingIo);

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

                var table = BlockingCallTable.Create(start.Compilation, known).ForRule(RuleIds.TaskRunWrapsBlockingIo);
                // From the lambdas, not the calls: every hop this rule reports has one, and they are far rarer.
                start.RegisterOperationAction(c => AnalyzeLambda(c, known, table), OperationKind.AnonymousFunction);
            });
        }

        private static void AnalyzeLambda(OperationAnalysisContext context, KnownSymbols known, BlockingCallTable.RuleView table)
        {
            var lambda = (IAnonymousFunctionOperation)context.Operation;
            if (lambda.Symbol.IsAsync
                || PoolHop.TryCreateFor(lambda, known, includeStartNew: false) is not { } hop
                || hop.SingleValue() is not IInvocationOperation inner
                || !table.ForTree(context.Options, lambda.Syntax.SyntaxTree).TryGet(inner.TargetMethod, out var blocking)
                || blocking.Kind == BlockingKind.TaskWait
                || blocking.Counterpart is not { } counterpart
                || !PoolHop.HasCheapOperands(inner)
                || AsyncContext.IsInNameOfOrExpressionTree(hop.Expression, known))
            {
                return;
            }

            // Thread.Sleep(0) gives up the time slice; it does not wait.
            if (blocking.Kind == BlockingKind.Sleep && inner.Arguments.Length == 1 && inner.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 })
            {
                return;
            }

            // The wrapper *is* the async counterpart (e.g. ReadAsync implemented as Task.Run(() => Read())):
            // there is nothing else to call; calling the counterpart here would recurse.
            if (IsEnclosingMember(counterpart, context.ContainingSymbol) || IsEnclosingMember(blocking.CounterpartWithToken, context.ContainingSymbol))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var chosen = counterpart;
            var passToken = false;
            if (!hop.TokenIsKeptBy(inner, known))
            {
                chosen = blocking.CounterpartWithToken;
                passToken = chosen is not null;
            }

            var shape = chosen is null ? null : TaskReplacement.Shape(hop.Expression, chosen.ReturnType, known);
            var id = chosen is null ? null : DocumentationCommentId.CreateDeclarationId(chosen);
            if (shape is null || id is null)
            {
                properties = properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True);
            }
            else
            {
                properties = properties
                    .Add(DiagnosticProperties.FixShape, shape)
                    .Add(DiagnosticProperties.CounterpartId, id)
                    .Add(DiagnosticProperties.CounterpartName, chosen!.Name);
                if (passToken)
                {
                    properties = properties.Add(PassToken, DiagnosticProperties.True);
                }
            }

            var additional = hop.Token is null
                ? new[] { inner.Syntax.GetLocation() }
                : new[] { inner.Syntax.GetLocation(), hop.Token.Syntax.GetLocation() };
            context.Report(Diagnostic.Create(
                Descriptors.CVP011TaskRunWrapsBlockingIo,
                hop.Expression.Syntax.GetLocation(),
                additional,
                properties,
                hop.Display,
                inner.TargetMethod.ContainingType.Name + "." + inner.TargetMethod.Name,
                counterpart.ContainingType.Name + "." + counterpart.Name));
        }

        private static bool IsEnclosingMember(IMethodSymbol? counterpart, ISymbol containing) =>
            counterpart is not null && SymbolEqualityComparer.Default.Equals(counterpart.OriginalDefinition, containing.OriginalDefinition);
    }
}
