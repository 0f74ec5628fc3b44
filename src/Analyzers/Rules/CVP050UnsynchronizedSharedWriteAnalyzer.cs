using System.Collections.Immutable;
using System.Threading;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP050: an assignment, compound assignment or <c>++</c>/<c>--</c> inside a parallel body (or a
    /// local function it runs) to a variable, field or static shared by every iteration, with no lock
    /// around it. Element writes indexed by the iteration (<c>results[i] = …</c>), locals of the body,
    /// the thread-local state of localInit/localFinally and [ThreadStatic] fields are not shared.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP050UnsynchronizedSharedWriteAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Values of <see cref="DiagnosticProperties.FixShape"/>.</summary>
        internal const string Increment = "Increment";
        internal const string Decrement = "Decrement";
        internal const string Add = "Add";
        internal const string Subtract = "Subtract";
        internal const string Lock = "Lock";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP050UnsynchronizedSharedWriteInParallelBody);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.Parallel is null && known.ParallelEnumerable is null)
                {
                    return;
                }

                var sites = ParallelBodies.For(known).Sites;
                start.RegisterOperationAction(
                    c =>
                    {
                        if (TargetOf(c.Operation) is { } target
                            && sites.TryFind(c.Operation, c.CancellationToken, out var site)
                            && Analyze(c.Operation, target, site, known, c.CancellationToken) is { } diagnostic)
                        {
                            c.Report(diagnostic);
                        }
                    },
                    OperationKind.SimpleAssignment,
                    OperationKind.CompoundAssignment,
                    OperationKind.CoalesceAssignment,
                    OperationKind.Increment,
                    OperationKind.Decrement);
            });
        }

        /// <summary>The storage a write writes to, when the write is one the rule looks at (written in code, not compiler-made).</summary>
        private static IOperation? TargetOf(IOperation write)
        {
            if (write.IsImplicit)
            {
                return null;
            }

            return write switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target,
                ICompoundAssignmentOperation compound => compound.Target,
                ICoalesceAssignmentOperation coalesce => coalesce.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                _ => null,
            };
        }

        private static Diagnostic? Analyze(IOperation write, IOperation target, ParallelSite site, KnownSymbols known, CancellationToken cancellationToken)
        {
            if (ParallelBody.IsUnderLock(write) || AsyncContext.IsInNameOfOrExpressionTree(write, known))
            {
                return null;
            }

            if (!IsSharedTarget(target, site, known, cancellationToken))
            {
                return null;
            }

            // A single store to a volatile field is the author's chosen synchronization.
            if (write is ISimpleAssignmentOperation && target is IFieldReferenceOperation { Field.IsVolatile: true })
            {
                return null;
            }

            var shape = ChooseFix(write, target, site, known, cancellationToken);
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            if (shape is null)
            {
                properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True);
            }
            else
            {
                properties.Add(DiagnosticProperties.FixShape, shape);
            }

            var advice = shape switch
            {
                Increment => "'Interlocked.Increment'",
                Decrement => "'Interlocked.Decrement'",
                Add or Subtract => "'Interlocked.Add', or per-thread subtotals with the localInit/localFinally overload",
                _ => "a lock, or per-thread state with the localInit/localFinally overload",
            };

            return Diagnostic.Create(
                Descriptors.CVP050UnsynchronizedSharedWriteInParallelBody,
                write.Syntax.GetLocation(),
                additionalLocations: new[] { site.Body.Invocation.Syntax.GetLocation(), site.Body.Creation.Syntax.GetLocation() },
                properties: properties.ToImmutable(),
                SharedState.Describe(target),
                advice);
        }

        private static bool IsSharedTarget(IOperation target, ParallelSite site, KnownSymbols known, CancellationToken cancellationToken)
        {
            switch (target)
            {
                case IArrayElementReferenceOperation element:
                    return SharedState.IsShared(element.ArrayReference, site, known, cancellationToken) && !SharedState.IsIndexedByIteration(element.Indices, site, cancellationToken);
                case IPropertyReferenceOperation { Property.IsIndexer: true }:
                    // Collections are CVP051's; other indexers run code we cannot see.
                    return false;
                default:
                    return SharedState.IsShared(target, site, known, cancellationToken);
            }
        }

        /// <summary>Interlocked when the write is an int/long counter or sum whose value keeps its meaning; else lock; else nothing.</summary>
        private static string? ChooseFix(IOperation write, IOperation target, ParallelSite site, KnownSymbols known, CancellationToken cancellationToken)
        {
            foreach (var descendant in write.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (descendant is IAwaitOperation)
                {
                    // Interlocked's ref argument cannot live across an await, and a lock cannot contain one.
                    return null;
                }
            }

            var isStatement = write.Parent is IExpressionStatementOperation;
            if (known.Interlocked is not null && IsInterlockedTarget(target))
            {
                switch (write)
                {
                    case IIncrementOrDecrementOperation { IsChecked: false } step when isStatement || !step.IsPostfix:
                        return step.Kind == OperationKind.Increment ? Increment : Decrement;
                    case ICompoundAssignmentOperation { IsChecked: false, OperatorMethod: null } compound
                        when compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract
                            && compound.Value.Type is { } valueType
                            && write.SemanticModel?.Compilation.ClassifyCommonConversion(valueType, target.Type!).IsImplicit == true:
                        return compound.OperatorKind == BinaryOperatorKind.Add ? Add : Subtract;
                }
            }

            // A lock needs a statement to wrap and a gate the code can see: the fix declares it before the
            // parallel call, which a local function declared elsewhere may not see.
            return isStatement && site.LocalFunction is null && site.Body.Function is not null ? Lock : null;
        }

        private static bool IsInterlockedTarget(IOperation target)
        {
            if (target.Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64))
            {
                return false;
            }

            return target switch
            {
                ILocalReferenceOperation => true,
                IParameterReferenceOperation { Parameter.RefKind: RefKind.None } => true,
                IFieldReferenceOperation { Field: { IsVolatile: false, IsReadOnly: false } } => true,
                IArrayElementReferenceOperation => true,
                _ => false,
            };
        }
    }
}
