using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP051: a mutating call (Add, Remove, Insert, Clear, Enqueue, Push, TryAdd, …) or an indexer
    /// store on a System.Collections.Generic collection shared by every iteration of a parallel body,
    /// with no lock around it. Collections created inside the body, concurrent collections and
    /// <c>list[i] = …</c> by the iteration index are not flagged.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP051NonThreadSafeCollectionAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Values of <see cref="DiagnosticProperties.FixShape"/>.</summary>
        internal const string Concurrent = "Concurrent";
        internal const string Lock = "Lock";
        internal const string ConcurrentOrLock = "ConcurrentOrLock";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP051NonThreadSafeCollectionInParallelBody);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if ((known.Parallel is null && known.ParallelEnumerable is null) || known.NonThreadSafeCollectionMutators.IsEmpty)
                {
                    return;
                }

                var bodies = ParallelBodies.For(known);
                start.RegisterOperationAction(c => AnalyzeFunction(c, known, bodies), OperationKind.AnonymousFunction, OperationKind.LocalFunction);
            });
        }

        /// <summary>
        /// From the parallel bodies down: each lambda and local function is asked once whether it runs as a parallel
        /// delegate, and only the calls and writes of those few are looked at. The walk of each body, and what it
        /// found, is shared with CVP002 (<see cref="ParallelBodies"/>): whichever rule reaches a body second reads
        /// its operations from there. Each rule asks the site question itself.
        /// </summary>
        private static void AnalyzeFunction(OperationAnalysisContext context, KnownSymbols known, ParallelBodies bodies)
        {
            if (!bodies.TryGet(context.Operation, context.CancellationToken, out var site, out var operations, out var kinds))
            {
                return;
            }

            for (var i = 0; i < operations.Length; i++)
            {
                var operation = operations[i];
                if (kinds[i] is OperationKind.Invocation or OperationKind.SimpleAssignment or OperationKind.CompoundAssignment or OperationKind.CoalesceAssignment or OperationKind.Increment or OperationKind.Decrement
                    && MayMutateCollection(operation, known)
                    && Analyze(operation, site, known, context.CancellationToken) is { } diagnostic)
                {
                    context.Report(diagnostic);
                }
            }
        }

        /// <summary>
        /// The cheap first look at each operation of a parallel body: a call of a known mutator on an
        /// instance, or a write through an indexer of a non-thread-safe collection type.
        /// </summary>
        private static bool MayMutateCollection(IOperation operation, KnownSymbols known)
        {
            var target = operation switch
            {
                IInvocationOperation invocation => invocation.Instance is not null && KnownSymbols.IsOneOf(invocation.TargetMethod, known.NonThreadSafeCollectionMutators) ? invocation : null,
                ISimpleAssignmentOperation assignment => assignment.Target,
                ICompoundAssignmentOperation compound => compound.Target,
                ICoalesceAssignmentOperation coalesce => coalesce.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                _ => null,
            };
            return target is IInvocationOperation
                || target is IPropertyReferenceOperation { Property: { IsIndexer: true } indexer } && known.IsNonThreadSafeCollection(indexer.ContainingType);
        }

        private static Diagnostic? Analyze(IOperation operation, ParallelSite site, KnownSymbols known, CancellationToken cancellationToken)
        {
            IOperation? receiver;
            string member;
            switch (operation)
            {
                case IInvocationOperation invocation:
                    if (invocation.Instance is null || !KnownSymbols.IsOneOf(invocation.TargetMethod, known.NonThreadSafeCollectionMutators))
                    {
                        return null;
                    }

                    receiver = invocation.Instance;
                    member = invocation.TargetMethod.Name;
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation indexer } when IsCollectionIndexer(indexer, site, known, cancellationToken):
                    receiver = indexer.Instance;
                    member = "this[]";
                    break;
                case ICompoundAssignmentOperation { Target: IPropertyReferenceOperation indexer } when IsCollectionIndexer(indexer, site, known, cancellationToken):
                    receiver = indexer.Instance;
                    member = "this[]";
                    break;
                case ICoalesceAssignmentOperation { Target: IPropertyReferenceOperation indexer } when IsCollectionIndexer(indexer, site, known, cancellationToken):
                    receiver = indexer.Instance;
                    member = "this[]";
                    break;
                case IIncrementOrDecrementOperation { Target: IPropertyReferenceOperation indexer } when IsCollectionIndexer(indexer, site, known, cancellationToken):
                    receiver = indexer.Instance;
                    member = "this[]";
                    break;
                default:
                    return null;
            }

            if (receiver?.Type is not { } collectionType
                || operation.IsImplicit
                || !SharedState.IsShared(receiver, site, known, cancellationToken)
                || ParallelBody.IsUnderLock(operation)
                || AsyncContext.IsInNameOfOrExpressionTree(operation, known))
            {
                return null;
            }

            var counterpart = known.ConcurrentCounterpart(collectionType);
            var canChangeDeclaration = counterpart is not null && receiver is ILocalReferenceOperation;
            var canLock = operation.Parent is IExpressionStatementOperation && site.LocalFunction is null && site.Body.Function is not null;
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            if (canChangeDeclaration || canLock)
            {
                properties.Add(DiagnosticProperties.FixShape, canChangeDeclaration && canLock ? ConcurrentOrLock : canChangeDeclaration ? Concurrent : Lock);
            }
            else
            {
                properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True);
            }

            var name = SharedState.Describe(receiver);
            var display = member == "this[]" ? name + "[…]" : name + "." + member;
            var advice = counterpart is null
                ? "guard every use of it with a lock"
                : "use '" + counterpart.Construct(((INamedTypeSymbol)collectionType).TypeArguments.ToArray()).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "' or a lock";

            return Diagnostic.Create(
                Descriptors.CVP051NonThreadSafeCollectionInParallelBody,
                operation.Syntax.GetLocation(),
                additionalLocations: new[] { site.Body.Invocation.Syntax.GetLocation(), site.Body.Creation.Syntax.GetLocation() },
                properties: properties.ToImmutable(),
                display,
                collectionType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                advice);
        }

        /// <summary>An indexer store on a non-thread-safe collection; a list slot chosen by the iteration index is the iteration's own.</summary>
        private static bool IsCollectionIndexer(IPropertyReferenceOperation indexer, ParallelSite site, KnownSymbols known, CancellationToken cancellationToken)
        {
            if (!indexer.Property.IsIndexer || !known.IsNonThreadSafeCollection(indexer.Property.ContainingType))
            {
                return false;
            }

            if (KnownSymbols.Is(indexer.Property.ContainingType.OriginalDefinition, known.ListOfT))
            {
                var indices = ImmutableArray.CreateBuilder<IOperation>();
                foreach (var argument in indexer.Arguments)
                {
                    indices.Add(argument.Value);
                }

                return !SharedState.IsIndexedByIteration(indices.ToImmutable(), site, cancellationToken);
            }

            return true;
        }
    }
}
