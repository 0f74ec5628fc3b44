using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// Answers "is this task already known to be complete here?" for one operation block (CVP020).
    /// The block's awaits of task locals/parameters and the writes to locals/parameters are collected
    /// in one walk of the body, made only when a blocking access in it needs the answer (rare: most
    /// bodies never block); the question is then answered for each blocking access by comparing
    /// positions and walking <see cref="IOperation.Parent"/> only.
    /// </summary>
    internal sealed partial class KnownCompleteTasks
    {
        private readonly KnownSymbols known;
        private readonly object gate = new object();
        private readonly List<(ISymbol Symbol, IOperation Await)> awaited = new List<(ISymbol, IOperation)>();
        private readonly List<(ISymbol Symbol, int Position)> writes = new List<(ISymbol, int)>();

        private KnownCompleteTasks(KnownSymbols known) => this.known = known;

        /// <summary>The root of the operation tree <paramref name="operation"/> belongs to: the body the driver analyzed (also used by <see cref="ParallelSites"/>).</summary>
        public static IOperation RootOf(IOperation operation)
        {
            var root = operation;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            return root;
        }

        /// <summary>Collects what one body (the tree under <paramref name="root"/>) awaits, waits on and writes, in one walk.</summary>
        public static KnownCompleteTasks Collect(IOperation root, KnownSymbols known, CancellationToken cancellationToken)
        {
            var result = new KnownCompleteTasks(known);
            var visited = 0;
            foreach (var operation in root.DescendantsAndSelf())
            {
                if ((visited++ & 255) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                switch (operation)
                {
                    case IAwaitOperation awaitOperation:
                        result.OnAwait(awaitOperation);
                        break;
                    case IInvocationOperation invocation:
                        result.OnInvocation(invocation);
                        break;
                    case ILocalReferenceOperation:
                    case IParameterReferenceOperation:
                        result.OnReference(operation);
                        break;
                }
            }

            return result;
        }

        /// <summary>Records the task locals/parameters that <paramref name="awaitOperation"/> completes.</summary>
        private void OnAwait(IAwaitOperation awaitOperation)
        {
            var operand = Unwrap(awaitOperation.Operation);
            if (operand is IInvocationOperation configure && KnownSymbols.IsOneOf(configure.TargetMethod, known.TaskConfigureAwait) && configure.Instance is { } instance)
            {
                operand = Unwrap(instance);
            }

            if (operand is IInvocationOperation whenAll && KnownSymbols.IsOneOf(whenAll.TargetMethod, known.TaskWhenAll))
            {
                AddArguments(whenAll, awaitOperation);
                return;
            }

            Add(operand, awaitOperation);
        }

        /// <summary>
        /// Records the tasks a blocking <c>Task.WaitAll(…)</c> / <c>t.Wait()</c> (no timeout) completes:
        /// CVP020 reports that wait once, not every later read of the same tasks.
        /// </summary>
        private void OnInvocation(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            if (KnownSymbols.IsOneOf(method, known.TaskWaitAll) && !HasTimeout(method))
            {
                AddArguments(call, call);
            }
            else if (KnownSymbols.IsOneOf(method, known.TaskWait) && !HasTimeout(method) && call.Instance is { } instance)
            {
                Add(Unwrap(instance), call);
            }
        }

        /// <summary>A parameter other than the tasks and a CancellationToken: a timeout, after which the task may still run.</summary>
        private bool HasTimeout(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                var type = parameter.Type;
                var element = type is IArrayTypeSymbol array ? array.ElementType
                    : type is INamedTypeSymbol { TypeArguments.Length: 1 } named ? named.TypeArguments[0]
                    : null;
                if (!KnownSymbols.Is(type, known.CancellationToken) && !KnownSymbols.Is(element, known.Task))
                {
                    return true;
                }
            }

            return false;
        }

        private void AddArguments(IInvocationOperation whenAll, IOperation awaitOperation)
        {
            foreach (var argument in whenAll.Arguments)
            {
                var value = Unwrap(argument.Value);
                if (value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        Add(Unwrap(element), awaitOperation);
                    }
                }
                else if (value.IsImplicit && argument.ArgumentKind != ArgumentKind.Explicit && SymbolOf(value) is null)
                {
                    // A params collection the compiler built (e.g. 'params ReadOnlySpan<Task>' on .NET 9+,
                    // a collection expression this Roslyn version has no interface for): its elements.
                    foreach (var element in value.ChildOperations)
                    {
                        Add(Unwrap(element), awaitOperation);
                    }
                }
                else
                {
                    Add(known.IsTaskLike(value.Type) ? value : CollectionRoot(value), awaitOperation);
                }
            }
        }

        /// <summary>Records a write to a local or parameter (assignment, ++/--, ref/out argument, deconstruction).</summary>
        private void OnReference(IOperation reference)
        {
            var symbol = SymbolOf(reference);
            if (symbol is null || !IsWrite(reference))
            {
                return;
            }

            lock (gate)
            {
                writes.Add((symbol, reference.Syntax.SpanStart));
            }
        }

        /// <summary>
        /// True when the task <paramref name="receiver"/> is known complete where <paramref name="access"/> reads it.
        /// The walks over the body's awaits, writes and preceding statements observe <paramref name="cancellationToken"/>.
        /// </summary>
        public bool IsKnownComplete(IOperation receiver, IOperation access, CancellationToken cancellationToken = default)
        {
            receiver = Unwrap(receiver);
            switch (receiver)
            {
                case IInvocationOperation call when KnownSymbols.IsOneOf(call.TargetMethod, known.TaskFromResult):
                    return true;
                case IPropertyReferenceOperation property when KnownSymbols.Is(property.Property.OriginalDefinition, known.TaskCompletedTask):
                    return true;
            }

            var symbol = SymbolOf(receiver);
            if (symbol is null)
            {
                return IsElementOfAwaitedCollection(receiver, access, cancellationToken);
            }

            return IsGuarded(symbol, access, cancellationToken) || IsContinuationAntecedent(symbol, access) || IsAwaitedBefore(symbol, access, cancellationToken)
                || IsElementOfAwaitedCollection(receiver, access, cancellationToken);
        }

        private void Add(IOperation operand, IOperation awaitOperation)
        {
            if (SymbolOf(operand) is { } symbol)
            {
                lock (gate)
                {
                    awaited.Add((symbol, awaitOperation));
                }
            }
        }

        private bool IsAwaitedBefore(ISymbol symbol, IOperation access, CancellationToken cancellationToken)
        {
            var position = access.Syntax.SpanStart;
            List<(ISymbol Symbol, IOperation Await)> candidates;
            List<(ISymbol Symbol, int Position)> symbolWrites;
            lock (gate)
            {
                candidates = awaited.FindAll(a => SymbolEqualityComparer.Default.Equals(a.Symbol, symbol));
                symbolWrites = writes.FindAll(w => SymbolEqualityComparer.Default.Equals(w.Symbol, symbol));
            }

            foreach (var (_, awaitOperation) in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!TryGetDominatingStatement(awaitOperation, position, out var statement) || statement.Syntax.Span.End > position)
                {
                    continue;
                }

                var awaitEnd = awaitOperation.Syntax.Span.End;
                if (!IsWrittenAfter(symbolWrites, awaitEnd, position, access, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the variable is written between the await and the access, or written anywhere in a
        /// loop that encloses the access but starts after the await (the next iteration reads a new task).
        /// </summary>
        private static bool IsWrittenAfter(List<(ISymbol Symbol, int Position)> symbolWrites, int awaitEnd, int position, IOperation access, CancellationToken cancellationToken)
        {
            foreach (var (_, writePosition) in symbolWrites)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (writePosition < awaitEnd)
                {
                    continue;
                }

                if (writePosition < position)
                {
                    return true;
                }

                for (var current = access.Parent; current is not null; current = current.Parent)
                {
                    if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        break;
                    }

                    if (current is ILoopOperation loop && loop.Syntax.SpanStart > awaitEnd && loop.Syntax.Span.Contains(writePosition))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The statement, in a block that contains <paramref name="position"/>, whose completion implies the
        /// operation ran: its unconditional statement, lifted out of a <c>try</c> whose body starts with it
        /// (<c>try { await t; } catch { … }</c>: after the try statement, t has completed either way).
        /// </summary>
        private static bool TryGetDominatingStatement(IOperation operation, int position, out IOperation statement)
        {
            if (!TryGetUnconditionalStatement(operation, out var block, out statement))
            {
                return false;
            }

            while (!block.Syntax.Span.Contains(position))
            {
                if (block.Parent is not ITryOperation { Finally: null } tryOperation || !ReferenceEquals(tryOperation.Body, block)
                    || block.Operations.Length == 0 || !ReferenceEquals(block.Operations[0], statement)
                    || !TryGetUnconditionalStatement(tryOperation, out block, out statement))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The statement (direct child of a block) that always runs <paramref name="operation"/> when it
        /// runs; false when the operation sits under a condition, loop, try, switch or nested function.
        /// </summary>
        private static bool TryGetUnconditionalStatement(IOperation operation, out IBlockOperation block, out IOperation statement)
        {
            var current = operation;
            for (var parent = current.Parent; parent is not null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IBlockOperation found:
                        block = found;
                        statement = current;
                        return true;
                    case IConditionalOperation:
                    case ICoalesceOperation:
                    case ICoalesceAssignmentOperation:
                    case IConditionalAccessOperation:
                    case ILoopOperation:
                    case ISwitchOperation:
                    case ISwitchExpressionOperation:
                    case ITryOperation:
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                        block = null!;
                        statement = null!;
                        return false;
                }
            }

            block = null!;
            statement = null!;
            return false;
        }

        /// <summary>Inside <c>if (t.IsCompleted…)</c>, <c>t.IsCompleted… ? t.Result : …</c>, <c>t.IsCompleted… &amp;&amp; t.Result…</c>, or after <c>if (!t.IsCompleted…) return;</c>.</summary>
        private bool IsGuarded(ISymbol symbol, IOperation access, CancellationToken cancellationToken)
        {
            var child = access;
            for (var current = access.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return false;
                    case IConditionalOperation conditional when ReferenceEquals(conditional.WhenTrue, child) && IsCompletionCheck(conditional.Condition, symbol):
                        return true;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when ReferenceEquals(both.RightOperand, child) && IsCompletionCheck(both.LeftOperand, symbol):
                        return true;
                    case IBlockOperation block when IsAfterEarlyExit(block, child, symbol, cancellationToken):
                        return true;
                }
            }

            return false;
        }

        private bool IsAfterEarlyExit(IBlockOperation block, IOperation statement, ISymbol symbol, CancellationToken cancellationToken)
        {
            foreach (var previous in block.Operations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ReferenceEquals(previous, statement))
                {
                    return false;
                }

                if (previous is IConditionalOperation { WhenFalse: null } exit
                    && Unwrap(exit.Condition) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } negation
                    && IsCompletionCheck(negation.Operand, symbol)
                    && AlwaysExits(exit.WhenTrue))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AlwaysExits(IOperation branch)
        {
            while (branch is IBlockOperation block)
            {
                if (block.Operations.Length == 0)
                {
                    return false;
                }

                branch = block.Operations[block.Operations.Length - 1];
            }

            return branch is IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak }
                || branch is IExpressionStatementOperation { Operation: IThrowOperation }
                || branch is IThrowOperation;
        }

        private bool IsCompletionCheck(IOperation condition, ISymbol symbol)
        {
            condition = Unwrap(condition);
            switch (condition)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                    return IsCompletionCheck(both.LeftOperand, symbol) || IsCompletionCheck(both.RightOperand, symbol);
                case IPropertyReferenceOperation property when known.TaskCompletionProperties.Contains(property.Property.OriginalDefinition):
                    return property.Instance is { } instance && SymbolEqualityComparer.Default.Equals(SymbolOf(Unwrap(instance)), symbol);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                    return IsRanToCompletion(equals.LeftOperand, equals.RightOperand, symbol) || IsRanToCompletion(equals.RightOperand, equals.LeftOperand, symbol)
                        || IsWhenAnyWinner(equals.LeftOperand, equals.RightOperand, symbol) || IsWhenAnyWinner(equals.RightOperand, equals.LeftOperand, symbol);
                default:
                    return false;
            }
        }

        /// <summary><c>await Task.WhenAny(…) == t</c>: the task WhenAny returned is complete.</summary>
        private bool IsWhenAnyWinner(IOperation awaitSide, IOperation taskSide, ISymbol symbol)
        {
            if (Unwrap(awaitSide) is not IAwaitOperation awaitOperation
                || !SymbolEqualityComparer.Default.Equals(SymbolOf(Unwrap(taskSide)), symbol))
            {
                return false;
            }

            var operand = Unwrap(awaitOperation.Operation);
            if (operand is IInvocationOperation configure && KnownSymbols.IsOneOf(configure.TargetMethod, known.TaskConfigureAwait) && configure.Instance is { } instance)
            {
                operand = Unwrap(instance);
            }

            return operand is IInvocationOperation whenAny && KnownSymbols.IsOneOf(whenAny.TargetMethod, known.TaskWhenAny);
        }

        private bool IsRanToCompletion(IOperation statusSide, IOperation valueSide, ISymbol symbol) =>
            Unwrap(statusSide) is IPropertyReferenceOperation { Instance: { } instance } status
            && KnownSymbols.Is(status.Property.OriginalDefinition, known.TaskStatusProperty)
            && SymbolEqualityComparer.Default.Equals(SymbolOf(Unwrap(instance)), symbol)
            && Unwrap(valueSide) is IFieldReferenceOperation field
            && KnownSymbols.Is(field.Field.OriginalDefinition, known.TaskStatusRanToCompletion);

        /// <summary><c>task.ContinueWith(antecedent => antecedent.Result)</c>: the antecedent is complete when the continuation runs.</summary>
        private bool IsContinuationAntecedent(ISymbol symbol, IOperation access)
        {
            if (symbol is not IParameterSymbol { Ordinal: 0, ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambdaSymbol })
            {
                return false;
            }

            for (var current = access.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, lambdaSymbol))
                {
                    IOperation? outer = lambda.Parent;
                    while (outer is IDelegateCreationOperation or IConversionOperation)
                    {
                        outer = outer.Parent;
                    }

                    return outer is IArgumentOperation { Parent: IInvocationOperation continueWith }
                        && KnownSymbols.IsOneOf(continueWith.TargetMethod, known.TaskContinueWith);
                }
            }

            return false;
        }

        internal static ISymbol? SymbolOf(IOperation operation) => operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };

        private static bool IsWrite(IOperation reference)
        {
            var parent = reference.Parent;
            switch (parent)
            {
                case ISimpleAssignmentOperation assignment:
                    return ReferenceEquals(assignment.Target, reference);
                case ICompoundAssignmentOperation compound:
                    return ReferenceEquals(compound.Target, reference);
                case ICoalesceAssignmentOperation coalesce:
                    return ReferenceEquals(coalesce.Target, reference);
                case IIncrementOrDecrementOperation:
                    return true;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                    return true;
                case ITupleOperation:
                    for (var current = parent; current is not null; current = current.Parent)
                    {
                        if (current is IDeconstructionAssignmentOperation)
                        {
                            return true;
                        }

                        if (current is not ITupleOperation)
                        {
                            return false;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        internal static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
