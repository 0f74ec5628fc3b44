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
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                start.RegisterOperationAction(_ => { }, Kinds);
                start.RegisterOperationBlockAction(_ => { });
                start.RegisterSymbolAction(_ => { }, SymbolKind.Method);
            });
        }
    }
}
