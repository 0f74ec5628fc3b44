using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConcurrencyAnalyzers.Benchmarks
{
    /// <summary>
    /// The floor: an analyzer that registers the action kinds our rules register — a compilation-start
    /// action, operation actions on the same operation kinds, an operation-block-start action and a
    /// symbol action — and does nothing in them. What it costs is what any rule costs just by being
    /// called; a rule's own work is what it costs above this.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FloorAnalyzer : DiagnosticAnalyzer
    {
        private readonly bool resolvesSymbols;

        public FloorAnalyzer()
            : this(resolvesSymbols: false)
        {
        }

        /// <param name="resolvesSymbols">
        /// Also asks the compilation for one symbol at compilation start, the least any symbol-based analyzer
        /// does there. The first such request on a compilation makes the compiler create its source assembly;
        /// the analyzer that asks first is charged for it. Run first, this floor takes that charge, so the
        /// rules' times show their own work.
        /// </param>
        public FloorAnalyzer(bool resolvesSymbols) => this.resolvesSymbols = resolvesSymbols;

        private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor(
            "FLOOR01", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        /// <summary>The union of the operation kinds that ConcurrencyAnalyzers' rules register on.</summary>
        internal static readonly ImmutableArray<OperationKind> Kinds = ImmutableArray.Create(
            OperationKind.Invocation,
            OperationKind.PropertyReference,
            OperationKind.AnonymousFunction,
            OperationKind.DelegateCreation,
            OperationKind.ObjectCreation,
            OperationKind.Await,
            OperationKind.ExpressionStatement,
            OperationKind.SimpleAssignment,
            OperationKind.CompoundAssignment,
            OperationKind.Increment,
            OperationKind.Decrement,
            OperationKind.Loop,
            OperationKind.Block);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                if (resolvesSymbols)
                {
                    _ = start.Compilation.GetSpecialType(SpecialType.System_Object);
                }

                start.RegisterOperationAction(_ => { }, Kinds);
                start.RegisterOperationBlockAction(_ => { });
                start.RegisterSymbolAction(_ => { }, SymbolKind.Method);
            });
        }
    }
}
