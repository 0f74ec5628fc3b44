using System.Collections.Immutable;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP012: <c>Task.Factory.StartNew(async () =&gt; …)</c> whose <c>Task&lt;Task&gt;</c> is used as if it were
    /// the work (not unwrapped, not awaited twice), and <c>new Task(async () =&gt; …)</c> (an async void delegate).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP012StartNewWithAsyncDelegateAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Fix shape: <c>Task.Run(delegate[, token])</c>.</summary>
        internal const string FixShapeTaskRun = "TaskRun";

        /// <summary>Fix shape: append <c>.Unwrap()</c>, keeping the factory, options and scheduler.</summary>
        internal const string FixShapeUnwrap = "Unwrap";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP012StartNewWithAsyncDelegate);

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

                if (!known.TaskFactoryStartNew.IsEmpty)
                {
                    start.RegisterOperationAction(c => AnalyzeStartNew(c, known), OperationKind.Invocation);
                }

                start.RegisterOperationAction(c => AnalyzeNewTask(c, known), OperationKind.ObjectCreation);
            });
        }

        private static void AnalyzeStartNew(OperationAnalysisContext context, KnownSymbols known)
        {
            var call = (IInvocationOperation)context.Operation;

            // This runs for every call: the name rules out almost all of them before the symbol lookup.
            if (call.TargetMethod.Name != "StartNew"
                || !KnownSymbols.IsOneOf(call.TargetMethod, known.TaskFactoryStartNew)
                || call.TargetMethod.TypeArguments.Length != 1
                || !KnownSymbols.InheritsFromOrEquals(call.TargetMethod.TypeArguments[0], known.Task)
                || AsyncContext.IsInNameOfOrExpressionTree(call, known))
            {
                return;
            }

            var use = Classify(call, known);
            if (use == Use.Handled)
            {
                return;
            }

            var shape = IsPlainTaskFactoryCall(call, known) && !known.TaskRun.IsEmpty ? FixShapeTaskRun : FixShapeUnwrap;
            var properties = ImmutableDictionary<string, string?>.Empty;
            properties = use == Use.Fixable && (shape == FixShapeTaskRun || !known.TaskUnwrap.IsEmpty)
                ? properties.Add(DiagnosticProperties.FixShape, shape)
                : properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True);

            var factoryName = call.Instance is IPropertyReferenceOperation factory && KnownSymbols.Is(factory.Property, known.TaskFactoryProperty)
                ? "Task.Factory.StartNew"
                : "TaskFactory.StartNew";
            context.Report(Diagnostic.Create(
                Descriptors.CVP012StartNewWithAsyncDelegate,
                call.Syntax.GetLocation(),
                properties,
                factoryName,
                shape == FixShapeTaskRun ? "Task.Run" : "StartNew(…).Unwrap()"));
        }

        private static void AnalyzeNewTask(OperationAnalysisContext context, KnownSymbols known)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!KnownSymbols.Is(creation.Type, known.Task)
                || creation.Arguments.IsEmpty
                || !IsAsyncVoidDelegate(creation.Arguments[0].Value)
                || AsyncContext.IsInNameOfOrExpressionTree(creation, known))
            {
                return;
            }

            context.Report(Diagnostic.Create(
                Descriptors.CVP012StartNewWithAsyncDelegate,
                creation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True),
                "new Task",
                "Task.Run"));
        }

        private static bool IsAsyncVoidDelegate(IOperation value) => value is IDelegateCreationOperation
        {
            Target: IAnonymousFunctionOperation { Symbol: { IsAsync: true, ReturnsVoid: true } }
                or IMethodReferenceOperation { Method: { IsAsync: true, ReturnsVoid: true } },
        };

        /// <summary>Task.Factory.StartNew(delegate) or Task.Factory.StartNew(delegate, cancellationToken).</summary>
        private static bool IsPlainTaskFactoryCall(IInvocationOperation call, KnownSymbols known)
        {
            if (call.Instance is not IPropertyReferenceOperation factory || !KnownSymbols.Is(factory.Property, known.TaskFactoryProperty))
            {
                return false;
            }

            var parameters = call.TargetMethod.Parameters;
            return parameters.Length == 1
                || (parameters.Length == 2 && KnownSymbols.Is(parameters[1].Type, known.CancellationToken));
        }

        private enum Use
        {
            /// <summary>Unwrapped, awaited twice, or kept as a Task&lt;Task&gt;: the author handles the inner task.</summary>
            Handled,

            /// <summary>Used as the work itself where the replacement's type fits (converted to Task, awaited as a statement, discarded).</summary>
            Fixable,

            /// <summary>Used as the work itself, but replacing it would change a type (e.g. a 'var' local).</summary>
            NotFixable,
        }

        private static Use Classify(IInvocationOperation call, KnownSymbols known)
        {
            var parent = call.Parent;
            if (parent is IArgumentOperation { Parent: IInvocationOperation unwrap } && KnownSymbols.IsOneOf(unwrap.TargetMethod, known.TaskUnwrap))
            {
                return Use.Handled;
            }

            var await = AwaitOf(call, known);
            if (await is not null)
            {
                if (AwaitOf(await, known) is not null)
                {
                    return Use.Handled; // await await Task.Factory.StartNew(...)
                }

                // 'await StartNew(...);' waits only for the start; an await whose value (the inner task) is used hands that task on.
                return await.Parent is IExpressionStatementOperation { IsImplicit: false } ? Use.Fixable : Use.Handled;
            }

            switch (parent)
            {
                case IExpressionStatementOperation:
                    return Use.Fixable;
                case IConversionOperation { IsImplicit: true, Type: var target }:
                    return KnownSymbols.Is(target, known.Task) ? Use.Fixable : Use.NotFixable;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                    when declarator.Syntax.Parent is VariableDeclarationSyntax { Type.IsVar: true }:
                    return Use.NotFixable;
                default:
                    return Use.Handled;
            }
        }

        private static IAwaitOperation? AwaitOf(IOperation operation, KnownSymbols known) => operation.Parent switch
        {
            IAwaitOperation await => await,
            IInvocationOperation { Parent: IAwaitOperation await } configure
                when configure.Instance == operation && KnownSymbols.IsOneOf(configure.TargetMethod, known.TaskConfigureAwait) => await,
            _ => null,
        };
    }
}
