using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP030: two or more consecutive statements of one block, each <c>var x = await Call(…);</c> or
    /// <c>x = await Call(…);</c> on a task-returning call, that could overlap: no later call reads a local an
    /// earlier one writes, every call has a different receiver object, and no argument runs code of its own.
    /// Precision first: awaits whose result is not kept (<c>await SaveAsync();</c>) are commands whose order is
    /// usually the point (save, then publish) and are never part of a run.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP030SequentialIndependentAwaitsAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP030SequentialIndependentAwaits);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.Task is null || known.TaskOfT is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeBlock(c, known), OperationKind.Block);
            });
        }

        private static void AnalyzeBlock(OperationAnalysisContext context, KnownSymbols known)
        {
            var block = (IBlockOperation)context.Operation;
            if (block.Operations.Length < 2)
            {
                return;
            }

            // Allocated on the first awaiting statement only: most blocks have none.
            List<AwaitStep>? run = null;
            var statements = block.Operations;
            var previousAwaits = false;
            var currentAwaits = AwaitStep.IsAwaitingStatement(statements[0]);
            for (var i = 0; i < statements.Length; i++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var statement = statements[i];
                var nextAwaits = i + 1 < statements.Length && AwaitStep.IsAwaitingStatement(statements[i + 1]);

                // A step is worked out (its receivers, arguments and reads) only when an awaiting statement stands
                // next to it: alone it cannot be part of a run of two, and treating it as a break changes nothing.
                var step = currentAwaits && (previousAwaits || nextAwaits) ? AwaitStep.TryCreate(statement, known) : null;
                previousAwaits = currentAwaits;
                currentAwaits = nextAwaits;
                if (step is null)
                {
                    if (run is not null)
                    {
                        Report(context, run);
                        run.Clear();
                    }

                    continue;
                }

                run ??= new List<AwaitStep>();
                if (!IsIndependentOfAll(step, run))
                {
                    Report(context, run);
                    run.Clear();
                }

                run.Add(step);
            }

            if (run is not null)
            {
                Report(context, run);
            }
        }

        private static bool IsIndependentOfAll(AwaitStep step, List<AwaitStep> earlier)
        {
            foreach (var other in earlier)
            {
                if (!step.IsIndependentOf(other))
                {
                    return false;
                }
            }

            return true;
        }

        private static void Report(OperationAnalysisContext context, List<AwaitStep> run)
        {
            if (run.Count < 2)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (!CanFix(run))
            {
                properties = properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True);
            }

            var locations = run.Select(s => s.Statement.Syntax.GetLocation()).ToList();
            context.Report(Diagnostic.Create(
                Descriptors.CVP030SequentialIndependentAwaits,
                locations[0],
                locations.Skip(1),
                properties,
                run.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        /// <summary>The fix writes Task.WhenAll over the started tasks: only Task/Task&lt;T&gt; and the same ConfigureAwait everywhere.</summary>
        private static bool CanFix(List<AwaitStep> run)
        {
            var first = run[0];
            foreach (var step in run)
            {
                if (step.IsValueTask || !Equals(step.ConfigureAwaitValue, first.ConfigureAwaitValue) || step.HasUnsupportedConfigureAwait)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>One <c>var x = await Call(…);</c> / <c>x = await Call(…);</c> statement and what it reads and writes.</summary>
        private sealed class AwaitStep
        {
            private AwaitStep(IOperation statement, ILocalSymbol written, ImmutableArray<Receiver> objects, ImmutableHashSet<ISymbol> reads)
            {
                Statement = statement;
                Written = written;
                Objects = objects;
                Reads = reads;
            }

            public IOperation Statement { get; }

            public ILocalSymbol Written { get; }

            /// <summary>The receiver and every object (reference-type, non-string) argument: what the call may use.</summary>
            public ImmutableArray<Receiver> Objects { get; }

            public ImmutableHashSet<ISymbol> Reads { get; }

            public bool IsValueTask { get; private set; }

            /// <summary>null without ConfigureAwait, else the constant bool passed to it.</summary>
            public object? ConfigureAwaitValue { get; private set; }

            public bool HasUnsupportedConfigureAwait { get; private set; }

            public bool IsIndependentOf(AwaitStep earlier) =>
                !Reads.Contains(earlier.Written)
                && !SymbolEqualityComparer.Default.Equals(Written, earlier.Written)
                && !Objects.Any(mine => earlier.Objects.Any(theirs => mine.IsSameObjectAs(theirs)));

            /// <summary><c>var x = await …;</c> or <c>x = await …;</c> into a local: the shape every step has (the cheap first test).</summary>
            public static bool IsAwaitingStatement(IOperation statement) => TryGetAwait(statement, out _, out _);

            private static bool TryGetAwait(IOperation statement, out ILocalSymbol? written, out IOperation? awaited)
            {
                IOperation? value;
                awaited = null;
                switch (statement)
                {
                    case IVariableDeclarationGroupOperation { Declarations: { Length: 1 } declarations }
                        when declarations[0].Declarators.Length == 1 && declarations[0].Initializer is null
                            && declarations[0].Declarators[0].Initializer is { } initializer:
                        written = declarations[0].Declarators[0].Symbol;
                        value = initializer.Value;
                        break;
                    case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment }:
                        written = target.Local;
                        value = assignment.Value;
                        break;
                    default:
                        written = null;
                        return false;
                }

                while (value is IConversionOperation { IsImplicit: true, OperatorMethod: null } conversion)
                {
                    value = conversion.Operand;
                }

                if (written is null || written.IsRef || value is not IAwaitOperation awaitOperation)
                {
                    return false;
                }

                awaited = awaitOperation.Operation;
                return true;
            }

            public static AwaitStep? TryCreate(IOperation statement, KnownSymbols known)
            {
                if (!TryGetAwait(statement, out var written, out var awaited) || written is null)
                {
                    return null;
                }

                object? configureAwait = null;
                var unsupportedConfigureAwait = false;
                if (awaited is IInvocationOperation configure && KnownSymbols.IsOneOf(configure.TargetMethod, known.TaskConfigureAwait))
                {
                    if (configure.Arguments.Length == 1 && configure.Arguments[0].Value.ConstantValue is { HasValue: true, Value: bool flag })
                    {
                        configureAwait = flag;
                    }
                    else
                    {
                        unsupportedConfigureAwait = true;
                    }

                    awaited = configure.Instance;
                }

                if (awaited is not IInvocationOperation call || !known.IsTaskLike(call.Type))
                {
                    return null; // non-task awaitables (Task.Yield, custom awaiters) and non-call tasks stay out
                }

                var reads = ImmutableHashSet.CreateBuilder<ISymbol>(SymbolEqualityComparer.Default);
                var method = call.TargetMethod;
                Receiver receiver;
                var arguments = call.Arguments.AsEnumerable();
                if (method.IsExtensionMethod)
                {
                    if (call.Arguments.Length == 0 || !Receiver.TryCreate(call.Arguments[0].Value, reads, out receiver))
                    {
                        return null;
                    }

                    arguments = arguments.Skip(1);
                }
                else if (call.Instance is null)
                {
                    receiver = Receiver.Static(method.ContainingType);
                }
                else if (!Receiver.TryCreate(call.Instance, reads, out receiver))
                {
                    return null;
                }

                var objects = ImmutableArray.CreateBuilder<Receiver>();
                objects.Add(receiver);
                foreach (var argument in arguments)
                {
                    if (argument.Parameter is { RefKind: not RefKind.None and not RefKind.In } || !IsSimpleValue(argument.Value, reads))
                    {
                        return null;
                    }

                    // An object handed to the call (a DbContext, a stream) is used by it as much as its receiver.
                    var type = argument.Value.Type;
                    if (type is { IsReferenceType: true } && type.SpecialType != SpecialType.System_String
                        && !argument.Value.ConstantValue.HasValue
                        && Receiver.TryCreate(argument.Value, reads, out var passed))
                    {
                        objects.Add(passed);
                    }
                }

                var named = (INamedTypeSymbol)call.Type!;
                return new AwaitStep(statement, written, objects.ToImmutable(), reads.ToImmutable())
                {
                    IsValueTask = KnownSymbols.Is(named.OriginalDefinition, known.ValueTask) || KnownSymbols.Is(named.OriginalDefinition, known.ValueTaskOfT),
                    ConfigureAwaitValue = configureAwait,
                    HasUnsupportedConfigureAwait = unsupportedConfigureAwait,
                };
            }

            /// <summary>Values that run no code of their own: constants, locals, parameters, this, field and plain property reads.</summary>
            private static bool IsSimpleValue(IOperation value, ImmutableHashSet<ISymbol>.Builder reads)
            {
                if (value.ConstantValue.HasValue)
                {
                    return true;
                }

                switch (value)
                {
                    case ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or INameOfOperation or IInstanceReferenceOperation:
                        return true;
                    case ILocalReferenceOperation local:
                        reads.Add(local.Local);
                        return true;
                    case IParameterReferenceOperation parameter:
                        reads.Add(parameter.Parameter);
                        return true;
                    case IFieldReferenceOperation field:
                        return field.Instance is null || IsSimpleValue(field.Instance, reads);
                    case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                        return property.Instance is null || IsSimpleValue(property.Instance, reads);
                    case IConversionOperation { OperatorMethod: null } conversion:
                        return IsSimpleValue(conversion.Operand, reads);
                    case IArrayCreationOperation { IsImplicit: true, Initializer: { } initializer }:
                        return initializer.ElementValues.All(e => IsSimpleValue(e, reads));
                    default:
                        return false;
                }
            }
        }

        /// <summary>
        /// Which object a call runs on, as the root of its receiver chain: a local, a parameter, a static member,
        /// a static type, or <c>this</c> (with the first field/property read off it, so that
        /// <c>_kettle.BoilAsync()</c> and <c>_toaster.ToastAsync()</c> count as different objects while
        /// <c>ctx.Users…</c> and <c>ctx.Orders…</c> count as the same <c>ctx</c>).
        /// </summary>
        private readonly struct Receiver
        {
            private Receiver(ISymbol root, ISymbol? member, bool isThis)
            {
                Root = root;
                Member = member;
                IsThis = isThis;
            }

            private ISymbol Root { get; }

            private ISymbol? Member { get; }

            private bool IsThis { get; }

            /// <summary>
            /// A static call counts like a call on <c>this</c> of its type: static methods of one type, and a type's
            /// own instance methods next to its static ones, often share state whose order matters.
            /// </summary>
            public static Receiver Static(INamedTypeSymbol type) => new Receiver(type.OriginalDefinition, null, isThis: true);

            public static bool TryCreate(IOperation operation, ImmutableHashSet<ISymbol>.Builder reads, out Receiver receiver)
            {
                receiver = default;
                ISymbol? nearestMember = null;
                var current = operation;
                while (true)
                {
                    switch (current)
                    {
                        case IConversionOperation { OperatorMethod: null } conversion:
                            current = conversion.Operand;
                            continue;
                        case ILocalReferenceOperation local:
                            reads.Add(local.Local);
                            receiver = new Receiver(local.Local, null, isThis: false);
                            return true;
                        case IParameterReferenceOperation parameter:
                            reads.Add(parameter.Parameter);
                            receiver = new Receiver(parameter.Parameter, null, isThis: false);
                            return true;
                        case IInstanceReferenceOperation instance when instance.Type is not null:
                            receiver = new Receiver(instance.Type.OriginalDefinition, nearestMember, isThis: true);
                            return true;
                        case IFieldReferenceOperation field when field.Instance is null:
                            receiver = new Receiver(field.Field, null, isThis: false);
                            return true;
                        case IFieldReferenceOperation field:
                            nearestMember = field.Field;
                            current = field.Instance;
                            continue;
                        case IPropertyReferenceOperation property when property.Arguments.IsEmpty && property.Instance is null:
                            receiver = new Receiver(property.Property, null, isThis: false);
                            return true;
                        case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                            nearestMember = property.Property;
                            current = property.Instance;
                            continue;
                        default:
                            return false;
                    }
                }
            }

            public bool IsSameObjectAs(Receiver other)
            {
                if (IsThis != other.IsThis || !SymbolEqualityComparer.Default.Equals(Root, other.Root))
                {
                    return false;
                }

                return !IsThis || Member is null || other.Member is null || SymbolEqualityComparer.Default.Equals(Member, other.Member);
            }
        }
    }
}
