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
    /// waiting instead of computing. Not inside a lambda or local function that the body only creates (a
    /// Task.Run lambda, a callback): that runs elsewhere, and is another rule's.
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
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.Parallel is null && known.ParallelEnumerable is null)
                {
                    return;
                }

                var table = BlockingCallTable.Create(start.Compilation, known).ForRule(RuleIds.BlockingIoInParallelBody);
                var bodies = ParallelBodies.For(known);
                start.RegisterOperationAction(c => AnalyzeFunction(c, known, table, bodies), OperationKind.AnonymousFunction, OperationKind.LocalFunction);
            });
        }

        /// <summary>
        /// From the parallel bodies down: each lambda and local function is asked once whether it runs as a parallel
        /// body, and only the calls and property reads of those few are looked up in the table. (Asking every call
        /// in the program where it runs cost more than this rule's whole job.) The walk of each body, and what it
        /// found, is shared with CVP051 (<see cref="ParallelBodies"/>); each rule asks the site question itself.
        /// </summary>
        private static void AnalyzeFunction(OperationAnalysisContext context, KnownSymbols known, BlockingCallTable.RuleView rule, ParallelBodies bodies)
        {
            var function = context.Operation;
            if (!bodies.TryGet(function, context.CancellationToken, out var site, out var operations, out var kinds) || site.Body.Role != ParallelDelegateRole.Body)
            {
                return;
            }

            var table = rule.ForTree(context.Options, function.Syntax.SyntaxTree);
            for (var i = 0; i < operations.Length; i++)
            {
                var operation = operations[i];
                ISymbol member;
                switch (kinds[i])
                {
                    case OperationKind.Invocation:
                        member = ((IInvocationOperation)operation).TargetMethod;
                        break;
                    case OperationKind.PropertyReference:
                        member = ((IPropertyReferenceOperation)operation).Property;
                        break;
                    default:
                        continue;
                }

                if (!table.TryGet(member, out var call)
                    || !call.HasCounterpart
                    || IsConsoleWriterCall(operation, known)
                    || AsyncContext.IsInNameOfOrExpressionTree(operation, known))
                {
                    continue;
                }

                // In a local function the body runs, the fix would have to rewrite the local function: report only.
                context.Report(Create(operation, call, site.Body, known, fixable: site.LocalFunction is null));
            }
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
