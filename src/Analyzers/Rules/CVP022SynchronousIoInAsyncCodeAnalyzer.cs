using System.Collections.Immutable;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP022: a blocking-IO call of the shared table (<see cref="BlockingCallTable"/>, kind IO — sleeps
    /// are CVP021's, task waits CVP020's) inside async code, when its async counterpart exists in the
    /// compilation and is not the enclosing method itself. Not in nameof / expression trees, not in a
    /// lambda handed to Task.Run / StartNew (CVP011's).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP022SynchronousIoInAsyncCodeAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Property: "true" when the counterpart needs a CancellationToken argument that the call does not have.</summary>
        internal const string TokenRequired = "TokenRequired";

        /// <summary>Property: the documentation-comment ID of the counterpart overload that also takes a CancellationToken, when one exists.</summary>
        internal const string CounterpartWithTokenId = "CounterpartWithTokenId";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP022SynchronousIoInAsyncCode);

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

                var table = BlockingCallTable.Create(start.Compilation, known).ForRule(RuleIds.SynchronousIoInAsyncCode);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, known, table), OperationKind.Invocation);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols known, BlockingCallTable.RuleView table)
        {
            // The context's tree, not the call's: reading the call's syntax node for every call in the program
            // brings that node into the cache for nothing (the tree is the same for every operation of the block).
            var call = (IInvocationOperation)context.Operation;
            if (!table.ForTree(context.Options, context.FilterTree).TryGet(call.TargetMethod, out var blocking)
                || blocking.Kind != BlockingKind.Io
                || blocking.Counterpart is not { } counterpart
                || AsyncContext.GetEnclosingFunction(call, context.ContainingSymbol) is not { IsAsync: true } enclosing
                || IsInMemory(call.Instance, known)
                || IsOrOverrides(enclosing, counterpart)
                || blocking.CounterpartWithToken is { } withToken && IsOrOverrides(enclosing, withToken)
                || IsTaskRunBody(call, known)
                || ParallelBody.IsInParallelLoopBody(call, known)
                || AsyncContext.IsInNameOfOrExpressionTree(call, known))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.CounterpartName, counterpart.Name)
                .Add(DiagnosticProperties.CounterpartId, DocumentationCommentId.CreateDeclarationId(counterpart));
            if (blocking.CounterpartWithToken is { } tokenOverload)
            {
                properties = properties.Add(CounterpartWithTokenId, DocumentationCommentId.CreateDeclarationId(tokenOverload));
            }

            if (counterpart.Parameters.Length > call.TargetMethod.Parameters.Length && !counterpart.Parameters[counterpart.Parameters.Length - 1].IsOptional)
            {
                properties = properties.Add(TokenRequired, DiagnosticProperties.True);
            }

            if (AwaitPlacement.IsForbidden(call))
            {
                properties = properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True);
            }

            var blockingName = call.TargetMethod.ContainingType.Name + "." + call.TargetMethod.Name;
            var counterpartName = (counterpart.IsStatic ? counterpart.ContainingType.Name : call.TargetMethod.ContainingType.Name) + "." + counterpart.Name;
            context.Report(Diagnostic.Create(Descriptors.CVP022SynchronousIoInAsyncCode, call.Syntax.GetLocation(), properties, blockingName, counterpartName));
        }

        /// <summary>The enclosing method is the counterpart itself, or overrides it: calling it would recurse.</summary>
        private static bool IsOrOverrides(IMethodSymbol enclosing, IMethodSymbol counterpart)
        {
            for (IMethodSymbol? current = enclosing; current is not null; current = current.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, counterpart.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>MemoryStream, StringReader and StringWriter read and write memory: nothing to wait for.</summary>
        private static bool IsInMemory(IOperation? instance, KnownSymbols known)
        {
            while (instance is IConversionOperation { IsImplicit: true } conversion)
            {
                instance = conversion.Operand;
            }

            var type = instance?.Type;
            return KnownSymbols.InheritsFromOrEquals(type, known.MemoryStream)
                || KnownSymbols.InheritsFromOrEquals(type, known.StringReader)
                || KnownSymbols.InheritsFromOrEquals(type, known.StringWriter);
        }

        /// <summary>The innermost function is a lambda handed to Task.Run / Task.Factory.StartNew: CVP011 owns it.</summary>
        private static bool IsTaskRunBody(IOperation operation, KnownSymbols known)
        {
            if (AsyncContext.GetEnclosingFunctionOperation(operation) is not IAnonymousFunctionOperation lambda)
            {
                return false;
            }

            IOperation? current = lambda.Parent;
            while (current is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation { Parent: IInvocationOperation invocation }
                && (KnownSymbols.IsOneOf(invocation.TargetMethod, known.TaskRun) || KnownSymbols.IsOneOf(invocation.TargetMethod, known.TaskFactoryStartNew));
        }
    }
}
