using System.Collections.Generic;
using System.Collections.Immutable;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP002: a blocking call of the shared table (one with an async counterpart in this compilation) inside
    /// a parallel body — Parallel.For/ForEach/Invoke/ForAsync/ForEachAsync bodies and PLINQ operator delegates —
    /// or inside a local function of the same member that such a body calls. The parallel loop's thread sits
    /// waiting instead of computing.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class CVP002BlockingIoInParallelBodyAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Values of <see cref="DiagnosticProperties.FixShape"/> for this rule.</summary>
        internal static class Shapes
        {
            /// <summary><c>await Parallel.ForEachAsync(source[, options], async (x, cancellationToken) => …)</c>.</summary>
            public const string ForEachAsync = "ForEachAsync";

            /// <summary><c>await Parallel.ForAsync(from, to[, options], async (i, cancellationToken) => …)</c>.</summary>
            public const string ForAsync = "ForAsync";
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP002BlockingIoInParallelBody);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.Parallel is null && known.ParallelEnumerable is null)
                {
                    return;
                }

                var table = BlockingCallTable.Create(start.Compilation, known);
                start.RegisterOperationBlockStartAction(block => AnalyzeBlock(block, known, table));
            });
        }

        private static void AnalyzeBlock(OperationBlockStartAnalysisContext block, KnownSymbols known, BlockingCallTable table)
        {
            if (block.OperationBlocks.IsEmpty)
            {
                return;
            }

            var treeTable = table.ForTree(block.Options, block.OperationBlocks[0].Syntax.SyntaxTree, RuleIds.BlockingIoInParallelBody);
            var gate = new object();
            var calledFromBodies = new Dictionary<IMethodSymbol, ParallelDelegate>(SymbolEqualityComparer.Default);
            var inLocalFunctions = new List<(IMethodSymbol Local, IOperation Operation, BlockingCall Call)>();

            block.RegisterOperationAction(
                c =>
                {
                    var operation = c.Operation;
                    ISymbol? member = operation switch
                    {
                        IInvocationOperation invocation => invocation.TargetMethod,
                        IPropertyReferenceOperation property => property.Property,
                        IMethodReferenceOperation reference => reference.Method,
                        _ => null,
                    };
                    if (member is null || AsyncContext.IsInNameOfOrExpressionTree(operation, known))
                    {
                        return;
                    }

                    // A local function run by a parallel body: called from it, or passed to the parallel call itself.
                    if (member is IMethodSymbol { MethodKind: MethodKind.LocalFunction } local)
                    {
                        if (RunnerOf(operation, known) is { } runner)
                        {
                            lock (gate)
                            {
                                calledFromBodies[local.OriginalDefinition] = runner;
                            }
                        }

                        return;
                    }

                    if (operation is IMethodReferenceOperation || !treeTable.TryGet(member, out var call) || !call.HasCounterpart || IsConsoleWriterCall(operation, known))
                    {
                        return;
                    }

                    if (ParallelBody.TryFindEnclosing(operation, known, out var body))
                    {
                        if (body.Role == ParallelDelegateRole.Body)
                        {
                            c.ReportDiagnostic(Create(operation, call, body, known, fixable: true));
                        }
                    }
                    else if (AsyncContext.GetEnclosingFunctionOperation(operation) is ILocalFunctionOperation localFunction)
                    {
                        lock (gate)
                        {
                            inLocalFunctions.Add((localFunction.Symbol.OriginalDefinition, operation, call));
                        }
                    }
                },
                OperationKind.Invocation,
                OperationKind.PropertyReference,
                OperationKind.MethodReference);

            block.RegisterOperationBlockEndAction(end =>
            {
                lock (gate)
                {
                    foreach (var (local, operation, call) in inLocalFunctions)
                    {
                        if (calledFromBodies.TryGetValue(local, out var runner))
                        {
                            end.ReportDiagnostic(Create(operation, call, runner, known, fixable: false));
                        }
                    }
                }
            });
        }

        /// <summary>
        /// <c>Console.Out.WriteLine(…)</c>, <c>Console.Error.Write(…)</c>: the console's writers are synchronized
        /// wrappers whose async methods complete synchronously, so there is nothing to await (logging in a loop is not IO-bound work).
        /// </summary>
        internal static bool IsConsoleWriterCall(IOperation operation, KnownSymbols known)
        {
            var receiver = (operation as IInvocationOperation)?.Instance;
            while (receiver is IConversionOperation conversion)
            {
                receiver = conversion.Operand;
            }

            return receiver is IPropertyReferenceOperation { Property: { IsStatic: true } property }
                && KnownSymbols.Is(property.ContainingType, known.Console);
        }

        /// <summary>The parallel delegate that runs a local function: the body calling it, or the parallel call it is passed to.</summary>
        private static ParallelDelegate? RunnerOf(IOperation operation, KnownSymbols known)
        {
            if (operation is IMethodReferenceOperation { Parent: IDelegateCreationOperation creation })
            {
                IOperation? current = creation.Parent;
                while (current is IConversionOperation or IArrayInitializerOperation or IArrayCreationOperation)
                {
                    current = current.Parent;
                }

                if (current is IArgumentOperation { Parent: IInvocationOperation invocation }
                    && ParallelBody.GetConstruct(invocation, known) is { } construct)
                {
                    foreach (var candidate in ParallelBody.GetDelegates(invocation, construct))
                    {
                        if (ReferenceEquals(candidate.Creation, creation) && candidate.Role == ParallelDelegateRole.Body)
                        {
                            return candidate;
                        }
                    }
                }

                return null;
            }

            return operation is IInvocationOperation && ParallelBody.TryFindEnclosing(operation, known, out var body) && body.Role == ParallelDelegateRole.Body
                ? body
                : null;
        }

        private static Diagnostic Create(IOperation operation, BlockingCall call, ParallelDelegate body, KnownSymbols known, bool fixable)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            var shape = fixable ? ShapeOf(body, known) : null;
            if (shape is null)
            {
                properties[DiagnosticProperties.NoFix] = DiagnosticProperties.True;
            }
            else
            {
                properties[DiagnosticProperties.FixShape] = shape;
            }

            return Diagnostic.Create(
                Descriptors.CVP002BlockingIoInParallelBody,
                operation.Syntax.GetLocation(),
                ImmutableArray.Create(body.Invocation.Syntax.GetLocation()),
                properties.ToImmutable(),
                NameOf(call.Blocking),
                BetterTool(body.Construct, known),
                CounterpartName(call));
        }

        private static string? ShapeOf(ParallelDelegate body, KnownSymbols known) => body.Construct switch
        {
            ParallelConstruct.ForEach when !known.ParallelForEachAsync.IsEmpty => Shapes.ForEachAsync,
            ParallelConstruct.For when !known.ParallelForAsync.IsEmpty => Shapes.ForAsync,
            _ => null,
        };

        private static string BetterTool(ParallelConstruct construct, KnownSymbols known) => construct switch
        {
            ParallelConstruct.ForAsync => "Parallel.ForAsync",
            ParallelConstruct.ForEachAsync => "Parallel.ForEachAsync",
            ParallelConstruct.For when !known.ParallelForAsync.IsEmpty => "Parallel.ForAsync",
            ParallelConstruct.For or ParallelConstruct.ForEach when !known.ParallelForEachAsync.IsEmpty => "Parallel.ForEachAsync",
            _ => "Task.WhenAll", // Invoke, PLINQ, and loops on frameworks without the async loops
        };

        private static string CounterpartName(BlockingCall call)
        {
            if (call.AwaitInstead)
            {
                return "await";
            }

            return call.Counterpart is { } counterpart ? NameOf(counterpart) : "await";
        }

        private static string NameOf(ISymbol symbol) =>
            symbol.ContainingType is { } type ? type.Name + "." + symbol.Name : symbol.Name;
    }
}
