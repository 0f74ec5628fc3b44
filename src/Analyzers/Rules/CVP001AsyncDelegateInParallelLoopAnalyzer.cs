using System.Collections.Immutable;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP001: an async lambda, async anonymous method, async-void method group, or an expression lambda
    /// whose task result is dropped, handed to Parallel.For / ForEach / Invoke or ParallelQuery.ForAll.
    /// Those take void-returning delegates: the work becomes async void, the loop ends when each body
    /// reaches its first await, and an exception crashes the process.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class CVP001AsyncDelegateInParallelLoopAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Values of <see cref="DiagnosticProperties.FixShape"/> for this rule.</summary>
        internal static class Shapes
        {
            /// <summary><c>await Parallel.ForEachAsync(source[, options], async (x, token) => …)</c>.</summary>
            public const string ForEachAsync = "ForEachAsync";

            /// <summary><c>await Parallel.ForAsync(from, to[, options], async (i, token) => …)</c>.</summary>
            public const string ForAsync = "ForAsync";

            /// <summary><c>await Task.WhenAll(source.Select(async x => …))</c> (no ForEachAsync in the target framework).</summary>
            public const string ForEachWhenAll = "ForEachWhenAll";

            /// <summary><c>await Task.WhenAll(Enumerable.Range(from, count).Select(async i => …))</c> (no ForAsync).</summary>
            public const string ForWhenAll = "ForWhenAll";

            /// <summary><c>await Task.WhenAll(a1, a2, …)</c> for Parallel.Invoke.</summary>
            public const string InvokeWhenAll = "InvokeWhenAll";

            /// <summary><c>await Task.WhenAll(source.Select(async x => …))</c> for <c>source.AsParallel().ForAll(…)</c>.</summary>
            public const string ForAllWhenAll = "ForAllWhenAll";
        }

        /// <summary>What the flagged delegate is (a property for the fix).</summary>
        internal const string DelegateKindKey = "DelegateKind";

        /// <summary>An async lambda or anonymous method.</summary>
        internal const string AsyncFunction = "AsyncFunction";

        /// <summary>A non-async expression lambda whose body is a task that the Action drops.</summary>
        internal const string DroppedTask = "DroppedTask";

        /// <summary>A method group naming an async void method.</summary>
        internal const string AsyncVoidMethodGroup = "AsyncVoidMethodGroup";

        private const string ParallelForName = "Parallel.For";
        private const string ParallelForEachName = "Parallel.ForEach";
        private const string ParallelInvokeName = "Parallel.Invoke";
        private const string ForAllName = "ParallelQuery.ForAll";
        private const string ForEachAsyncName = "Parallel.ForEachAsync";
        private const string ForAsyncName = "Parallel.ForAsync";
        private const string WhenAllName = "Task.WhenAll";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP001AsyncDelegateInParallelLoop);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.Task is null || (known.Parallel is null && known.ParallelEnumerable is null))
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeDelegate(c, known), OperationKind.DelegateCreation);
            });
        }

        /// <summary>
        /// Starts from each delegate (far fewer than calls): the call it is passed to, whether that is a parallel loop
        /// or ForAll, and only then what the delegate is. The diagnostic is this delegate's; the fix shape depends on
        /// every offending delegate of the call, so those are classified too (rare: only for an offender).
        /// </summary>
        private static void AnalyzeDelegate(OperationAnalysisContext context, KnownSymbols known)
        {
            var creation = (IDelegateCreationOperation)context.Operation;
            if (ParallelBody.GetCallTakingArgument(creation) is not { } invocation
                || ParallelBody.GetLoopOrForAll(invocation, known) is not { } construct
                || !ParallelBody.TryGetDelegate(invocation, construct, creation, out _)
                || Classify(creation, known) is null)
            {
                return;
            }

            // Half-typed calls (missing parentheses, unfinished lambdas) are left alone until they parse.
            if (invocation.Syntax.ContainsDiagnostics || AsyncContext.IsInNameOfOrExpressionTree(invocation, known))
            {
                return;
            }

            ImmutableArray<(ParallelDelegate Delegate, string Kind)>.Builder? offenders = null;
            foreach (var candidate in ParallelBody.GetDelegates(invocation, construct))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (Classify(candidate.Creation, known) is { } kind)
                {
                    offenders ??= ImmutableArray.CreateBuilder<(ParallelDelegate, string)>();
                    offenders.Add((candidate, kind));
                }
            }

            if (offenders is null)
            {
                return;
            }

            var (constructName, betterTool) = Names(construct, known);
            var shape = FixShapeFor(invocation, construct, offenders.ToImmutable(), known);
            var additional = ImmutableArray.Create(invocation.Syntax.GetLocation());
            foreach (var (offender, kind) in offenders)
            {
                if (!ReferenceEquals(offender.Creation, creation))
                {
                    continue; // reported from its own delegate
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[DelegateKindKey] = kind;
                if (shape is null)
                {
                    properties[DiagnosticProperties.NoFix] = DiagnosticProperties.True;
                }
                else
                {
                    properties[DiagnosticProperties.FixShape] = shape;
                }

                context.Report(Diagnostic.Create(
                    Descriptors.CVP001AsyncDelegateInParallelLoop,
                    LocationOf(offender.Creation),
                    additional,
                    properties.ToImmutable(),
                    constructName,
                    betterTool));
            }
        }

        /// <summary>Why a delegate argument is flagged, or null when it is fine.</summary>
        private static string? Classify(IDelegateCreationOperation creation, KnownSymbols known)
        {
            // What the delegate is decides first; whether it returns void (which asks the constructed delegate
            // type for its Invoke method) only for the few that would be flagged.
            var kind = creation.Target switch
            {
                IAnonymousFunctionOperation function when function.Symbol.IsAsync => AsyncFunction,
                IAnonymousFunctionOperation function when IsDroppedTaskExpression(function, known) => DroppedTask,
                IMethodReferenceOperation { Method: { IsAsync: true, ReturnsVoid: true } } => AsyncVoidMethodGroup,
                _ => null,
            };

            return kind is not null && creation.Type is INamedTypeSymbol { DelegateInvokeMethod: { ReturnsVoid: true } } ? kind : null;
        }

        /// <summary><c>x => FooAsync(x)</c> bound to an Action: the expression body is a task nobody sees.</summary>
        private static bool IsDroppedTaskExpression(IAnonymousFunctionOperation function, KnownSymbols known)
        {
            if (function.Syntax is not LambdaExpressionSyntax { ExpressionBody: { } body })
            {
                return false;
            }

            foreach (var statement in function.Body.Operations)
            {
                if (statement is IExpressionStatementOperation { Operation: { } expression } && expression.Syntax == body)
                {
                    return known.IsTaskLike(expression.Type);
                }
            }

            return false;
        }

        private static Location LocationOf(IDelegateCreationOperation creation)
        {
            // The lambda / anonymous method / method group as written.
            return creation.Target.Syntax.GetLocation();
        }

        private static (string Construct, string BetterTool) Names(ParallelConstruct construct, KnownSymbols known) => construct switch
        {
            ParallelConstruct.For => (ParallelForName, known.ParallelForAsync.IsEmpty ? WhenAllName : ForAsyncName),
            ParallelConstruct.ForEach => (ParallelForEachName, known.ParallelForEachAsync.IsEmpty ? WhenAllName : ForEachAsyncName),
            ParallelConstruct.Invoke => (ParallelInvokeName, WhenAllName),
            _ => (ForAllName, WhenAllName),
        };

        /// <summary>
        /// The fix shape for this call, or null when no fix keeps the meaning. Decides only what the call
        /// itself allows; the fix then checks the edit (syntax form, enclosing function).
        /// </summary>
        private static string? FixShapeFor(
            IInvocationOperation invocation,
            ParallelConstruct construct,
            ImmutableArray<(ParallelDelegate Delegate, string Kind)> offenders,
            KnownSymbols known)
        {
            // The loop result must be unused: the call is a statement of its own.
            if (invocation.Parent is not IExpressionStatementOperation)
            {
                return null;
            }

            foreach (var (offender, kind) in offenders)
            {
                if (kind == AsyncVoidMethodGroup || offender.Role != ParallelDelegateRole.Body)
                {
                    return null;
                }
            }

            switch (construct)
            {
                case ParallelConstruct.ForEach:
                    return ForEachShape(invocation, known);
                case ParallelConstruct.For:
                    return ForShape(invocation, known);
                case ParallelConstruct.Invoke:
                    return InvokeShape(invocation, known);
                default:
                    return ForAllShape(invocation, known);
            }
        }

        private static string? ForEachShape(IInvocationOperation invocation, KnownSymbols known)
        {
            // Only ForEach(IEnumerable<T>[, ParallelOptions], Action<T>).
            if (!HasSimpleLoopSignature(invocation.TargetMethod, 1, known, out var hasOptions, out var hasLoopState)
                || invocation.TargetMethod.Parameters[0].Type.OriginalDefinition is not INamedTypeSymbol source
                || !KnownSymbols.Is(source, known.IEnumerableOfT))
            {
                return null;
            }

            if (!known.ParallelForEachAsync.IsEmpty)
            {
                return Shapes.ForEachAsync;
            }

            return hasOptions || hasLoopState || known.Enumerable is null ? null : Shapes.ForEachWhenAll;
        }

        private static string? ForShape(IInvocationOperation invocation, KnownSymbols known)
        {
            // Only For(int|long from, int|long to[, ParallelOptions], Action<int|long>).
            if (!HasSimpleLoopSignature(invocation.TargetMethod, 2, known, out var hasOptions, out var hasLoopState))
            {
                return null;
            }

            if (!known.ParallelForAsync.IsEmpty)
            {
                return Shapes.ForAsync;
            }

            if (hasOptions || hasLoopState || known.Enumerable is null || invocation.TargetMethod.Parameters[0].Type.SpecialType != SpecialType.System_Int32)
            {
                return null;
            }

            // Enumerable.Range throws on a negative count where Parallel.For runs nothing: only provable bounds.
            var from = Argument(invocation, 0)?.ConstantValue;
            var to = Argument(invocation, 1)?.ConstantValue;
            if (from is { HasValue: true, Value: int start } && to is { HasValue: true, Value: int end }
                && (long)end - start is >= 0 and <= int.MaxValue)
            {
                return Shapes.ForWhenAll;
            }

            return null;
        }

        private static string? InvokeShape(IInvocationOperation invocation, KnownSymbols known)
        {
            // Only Invoke(params Action[]) in its expanded form; ParallelOptions have no Task.WhenAll meaning.
            if (invocation.TargetMethod.Parameters.Length != 1 || invocation.Arguments.Length != 1
                || invocation.Arguments[0].ArgumentKind != ArgumentKind.ParamArray)
            {
                return null;
            }

            if (invocation.Arguments[0].Value is not IArrayCreationOperation { Initializer: { } initializer })
            {
                return null;
            }

            foreach (var element in initializer.ElementValues)
            {
                var value = element is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : element;
                if (value is IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.IsAsync: true } })
                {
                    return null;
                }
            }

            return known.Task is null ? null : Shapes.InvokeWhenAll;
        }

        private static string? ForAllShape(IInvocationOperation invocation, KnownSymbols known)
        {
            // Only source.AsParallel().ForAll(body): WithDegreeOfParallelism & co would be lost.
            if (known.Enumerable is null || invocation.Arguments.Length != 2)
            {
                return null;
            }

            var receiver = invocation.Arguments[0].Value;
            while (receiver is IConversionOperation { IsImplicit: true } conversion)
            {
                receiver = conversion.Operand;
            }

            if (receiver is not IInvocationOperation { TargetMethod: { } asParallel } receiverCall
                || !KnownSymbols.IsOneOf(asParallel, known.PlinqAsParallel)
                || (asParallel.ReducedFrom ?? asParallel).Parameters.Length != 1
                || receiverCall.Arguments.Length != 1
                || (asParallel.ReducedFrom ?? asParallel).OriginalDefinition.Parameters[0].Type.OriginalDefinition is not INamedTypeSymbol sourceType
                || !KnownSymbols.Is(sourceType, known.IEnumerableOfT))
            {
                return null;
            }

            return Shapes.ForAllWhenAll;
        }

        /// <summary>
        /// (source|from, to)[, ParallelOptions], Action&lt;T&gt; or Action&lt;T, ParallelLoopState&gt;: no index, no
        /// thread-local state. (The fix replaces a loop state parameter only when the body never uses it.)
        /// </summary>
        private static bool HasSimpleLoopSignature(IMethodSymbol method, int leading, KnownSymbols known, out bool hasOptions, out bool hasLoopState)
        {
            var parameters = method.OriginalDefinition.Parameters;
            hasLoopState = false;
            hasOptions = parameters.Length == leading + 2 && KnownSymbols.Is(parameters[leading].Type, known.ParallelOptions);
            if (parameters.Length != leading + 1 && !hasOptions)
            {
                return false;
            }

            if (parameters[parameters.Length - 1].Type is not INamedTypeSymbol { DelegateInvokeMethod: { ReturnsVoid: true } invoke })
            {
                return false;
            }

            hasLoopState = invoke.Parameters.Length == 2 && KnownSymbols.Is(invoke.Parameters[1].Type, known.ParallelLoopState);
            return invoke.Parameters.Length == 1 || hasLoopState;
        }

        private static IOperation? Argument(IInvocationOperation invocation, int ordinal)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument.Value;
                }
            }

            return null;
        }
    }
}
