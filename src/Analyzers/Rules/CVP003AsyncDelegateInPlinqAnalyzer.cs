using System.Collections.Immutable;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP003: a PLINQ operator (Select, SelectMany, Aggregate, ToDictionary, …) fed a delegate that returns a
    /// task — an async lambda, a lambda returning a task, or a method group returning one. PLINQ spends its
    /// threads only starting the tasks; the waiting they do is left to whoever awaits them afterwards.
    /// ForAll is CVP001's (its Action makes the lambda async void).
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class CVP003AsyncDelegateInPlinqAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Value of <see cref="DiagnosticProperties.FixShape"/>: drop AsParallel (and its tuning) in front of Select.</summary>
        internal const string DropAsParallelShape = "DropAsParallel";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP003AsyncDelegateInPlinq);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.ParallelEnumerable is null || known.Task is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeDelegate(c, known), OperationKind.DelegateCreation);
            });
        }

        /// <summary>
        /// Starts from each delegate (far fewer than calls): the call it is passed to, whether that is a PLINQ
        /// operator other than ForAll (CVP001's), then whether the delegate makes tasks.
        /// </summary>
        private static void AnalyzeDelegate(OperationAnalysisContext context, KnownSymbols known)
        {
            var creation = (IDelegateCreationOperation)context.Operation;
            if (ParallelBody.GetCallTakingArgument(creation) is not { } invocation
                || ParallelBody.GetConstruct(invocation, known) != ParallelConstruct.Plinq
                || KnownSymbols.IsOneOf(invocation.TargetMethod, known.PlinqForAll)
                || creation.Type is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke }
                || !known.IsTaskLike(invoke.ReturnType)
                || !ParallelBody.TryGetDelegate(invocation, ParallelConstruct.Plinq, creation, out _)
                || invocation.Syntax.ContainsDiagnostics
                || AsyncContext.IsInNameOfOrExpressionTree(invocation, known))
            {
                return;
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            if (CanDropAsParallel(invocation, known))
            {
                properties[DiagnosticProperties.FixShape] = DropAsParallelShape;
            }
            else
            {
                properties[DiagnosticProperties.NoFix] = DiagnosticProperties.True;
            }

            context.Report(Diagnostic.Create(
                Descriptors.CVP003AsyncDelegateInPlinq,
                creation.Syntax.GetLocation(),
                ImmutableArray.Create(invocation.Syntax.GetLocation()),
                properties.ToImmutable(),
                invocation.TargetMethod.Name));
        }

        /// <summary>
        /// <c>source.AsParallel()[.AsOrdered()/.WithDegreeOfParallelism(n)/…].Select(f)</c>, written as extension calls,
        /// whose tasks go straight into <c>Task.WhenAll(…)</c> or into <c>.ToArray()</c> / <c>.ToList()</c>: there the
        /// query can become <c>source.Select(f)</c> with the same result type and the results in source order.
        /// A <c>WithCancellation</c> stops the fix (the token would be lost).
        /// </summary>
        private static bool CanDropAsParallel(IInvocationOperation select, KnownSymbols known)
        {
            if (!KnownSymbols.IsOneOf(select.TargetMethod, known.PlinqSelect) || !IsExtensionCall(select))
            {
                return false;
            }

            var receiver = Receiver(select);
            while (receiver is IInvocationOperation tuning && KnownSymbols.IsOneOf(tuning.TargetMethod, known.PlinqOrderingAndTuning) && IsExtensionCall(tuning))
            {
                receiver = Receiver(tuning);
            }

            if (receiver is not IInvocationOperation asParallel
                || !KnownSymbols.IsOneOf(asParallel.TargetMethod, known.PlinqAsParallel)
                || !IsExtensionCall(asParallel)
                || asParallel.TargetMethod.ReturnType is not INamedTypeSymbol { IsGenericType: true }
                || Receiver(asParallel)?.Type is not { } sourceType
                || !IsGenericEnumerable(sourceType, known))
            {
                return false;
            }

            var consumer = select.Parent;
            while (consumer is IConversionOperation { IsImplicit: true })
            {
                consumer = consumer.Parent;
            }

            // Task.WhenAll(query), or query.ToArray() / query.ToList() (the query is the extension call's first argument).
            return consumer is IArgumentOperation { Parent: IInvocationOperation call }
                && (KnownSymbols.IsOneOf(call.TargetMethod, known.TaskWhenAll)
                    || (KnownSymbols.IsOneOf(call.TargetMethod, known.PlinqToArrayOrList) && IsExtensionCall(call)));
        }

        private static bool IsGenericEnumerable(ITypeSymbol type, KnownSymbols known)
        {
            if (KnownSymbols.Is(type.OriginalDefinition, known.IEnumerableOfT))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (KnownSymbols.Is(implemented.OriginalDefinition, known.IEnumerableOfT))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsExtensionCall(IInvocationOperation invocation) =>
            invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax };

        /// <summary>The value the extension method is called on, conversions removed.</summary>
        private static IOperation? Receiver(IInvocationOperation invocation)
        {
            var value = invocation.Instance;
            if (value is null && invocation.Arguments.Length > 0 && invocation.Arguments[0].Parameter?.Ordinal == 0)
            {
                value = invocation.Arguments[0].Value;
            }

            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            return value;
        }
    }
}
