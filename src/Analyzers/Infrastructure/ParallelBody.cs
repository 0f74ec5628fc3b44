using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>Which parallel construct runs a delegate.</summary>
    internal enum ParallelConstruct
    {
        For,
        ForEach,
        Invoke,
        ForAsync,
        ForEachAsync,
        Plinq,
    }

    /// <summary>What a delegate argument is for in a parallel call.</summary>
    internal enum ParallelDelegateRole
    {
        /// <summary>The loop body (or one of Parallel.Invoke's actions, or a PLINQ operator's delegate).</summary>
        Body,

        /// <summary>The <c>localInit</c> factory of the thread-local overloads: runs once per worker.</summary>
        LocalInit,

        /// <summary>The <c>localFinally</c> action of the thread-local overloads: runs once per worker, concurrently with others.</summary>
        LocalFinally,
    }

    /// <summary>One delegate handed to a parallel construct.</summary>
    internal readonly struct ParallelDelegate
    {
        public ParallelDelegate(IInvocationOperation invocation, ParallelConstruct construct, ParallelDelegateRole role, IDelegateCreationOperation creation)
        {
            Invocation = invocation;
            Construct = construct;
            Role = role;
            Creation = creation;
        }

        /// <summary>The call of Parallel.For/ForEach/Invoke/ForAsync/ForEachAsync or of the PLINQ operator.</summary>
        public IInvocationOperation Invocation { get; }

        public ParallelConstruct Construct { get; }

        public ParallelDelegateRole Role { get; }

        /// <summary>The delegate creation; its <c>Target</c> is a lambda/anonymous method or a method reference.</summary>
        public IDelegateCreationOperation Creation { get; }

        /// <summary>The lambda or anonymous method, when the delegate is written inline.</summary>
        public IAnonymousFunctionOperation? Function => Creation.Target as IAnonymousFunctionOperation;
    }

    /// <summary>
    /// Answers "is this operation inside a parallel body, and which one?" for every rule. A parallel
    /// body is a delegate passed to Parallel.For/ForEach/Invoke/ForAsync/ForEachAsync or to a PLINQ
    /// operator on a ParallelQuery&lt;T&gt;. Walks <see cref="IOperation.Parent"/> only.
    /// </summary>
    internal static class ParallelBody
    {
        /// <summary>
        /// Which parallel construct <paramref name="invocation"/> calls, if any. Every rule asks this of every call,
        /// so ordinary calls are ruled out by what the method symbol already holds (two flags and its name) before
        /// its containing type is asked for: the Parallel methods are static and named For, ForEach, Invoke,
        /// ForEachAsync or ForAsync, and the name picks the one set of overloads to look in; the PLINQ operators are
        /// extension methods. Symbols decide; the name only rules calls out.
        /// </summary>
        public static ParallelConstruct? GetConstruct(IInvocationOperation invocation, KnownSymbols known)
        {
            // Instance methods first (most calls): only a reduced extension method (x.Select(…)) among them can be a
            // PLINQ operator. A reduced extension method is an extension method, and not static.
            var method = invocation.TargetMethod;
            if (!method.IsStatic)
            {
                if (!method.IsExtensionMethod)
                {
                    return null;
                }
            }
            else if (!method.IsExtensionMethod)
            {
                // The sets hold Parallel's own overloads only.
                var (overloads, construct) = ParallelOverloadsNamed(method.Name, known);
                return overloads is not null && KnownSymbols.IsOneOf(method, overloads) ? construct : null;
            }

            if (!KnownSymbols.Is(method.ContainingType?.OriginalDefinition, known.ParallelEnumerable))
            {
                return null;
            }

            // Every operator on a ParallelQuery<T> runs its delegates on many threads; AsParallel and friends take an
            // IEnumerable<T> and run no delegate. Which is which was read from their parameters once (a method's
            // parameters are a new array each time they are asked for).
            return KnownSymbols.IsOneOf(method, known.PlinqOperators) ? ParallelConstruct.Plinq : null;
        }

        /// <summary>
        /// For CVP001, which reads every call: Parallel.For, ForEach or Invoke, or ParallelEnumerable.ForAll (the
        /// only PLINQ operator that takes a void delegate). The method's name rules out every other call with one
        /// read; the symbol sets decide (the same answer as <see cref="GetConstruct"/> for these methods).
        /// </summary>
        public static ParallelConstruct? GetLoopOrForAll(IInvocationOperation invocation, KnownSymbols known)
        {
            var method = invocation.TargetMethod;
            var name = method.Name;
            if (name == "ForAll")
            {
                return KnownSymbols.IsOneOf(method, known.PlinqForAll) ? ParallelConstruct.Plinq : null;
            }

            var (overloads, construct) = ParallelOverloadsNamed(name, known);
            return overloads is not null && construct is ParallelConstruct.For or ParallelConstruct.ForEach or ParallelConstruct.Invoke
                && KnownSymbols.IsOneOf(method, overloads)
                ? construct
                : null;
        }

        /// <summary>The overloads of Parallel named <paramref name="name"/> and the construct they make, or null.</summary>
        private static (ImmutableHashSet<IMethodSymbol>? Overloads, ParallelConstruct Construct) ParallelOverloadsNamed(string name, KnownSymbols known) => name switch
        {
            "ForEach" => (known.ParallelForEach, ParallelConstruct.ForEach),
            "For" => (known.ParallelFor, ParallelConstruct.For),
            "Invoke" => (known.ParallelInvoke, ParallelConstruct.Invoke),
            "ForEachAsync" => (known.ParallelForEachAsync, ParallelConstruct.ForEachAsync),
            "ForAsync" => (known.ParallelForAsync, ParallelConstruct.ForAsync),
            _ => (null, default(ParallelConstruct)),
        };

        /// <summary>The delegates written inline in the arguments of a parallel call (params arrays included).</summary>
        public static IEnumerable<ParallelDelegate> GetDelegates(IInvocationOperation invocation, ParallelConstruct construct)
        {
            // Each argument's value is already converted to its parameter's type, so the argument tells which
            // parameters take a delegate without asking the (constructed, lazily substituted) method for its
            // parameters. Only For and ForEach need the count: their thread-local overloads take three delegates.
            var delegateParameterCount = 0;
            if (construct is ParallelConstruct.For or ParallelConstruct.ForEach)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (TakesDelegate(argument))
                    {
                        delegateParameterCount++;
                    }
                }
            }

            var delegateIndex = 0;
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value;
                if (TakesDelegate(argument))
                {
                    var role = RoleOf(construct, delegateIndex++, delegateParameterCount);
                    if (Unwrap(value) is IDelegateCreationOperation creation)
                    {
                        yield return new ParallelDelegate(invocation, construct, role, creation);
                    }
                }
                else if (value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    // Parallel.Invoke(params Action[] actions)
                    foreach (var element in initializer.ElementValues)
                    {
                        if (Unwrap(element) is IDelegateCreationOperation creation)
                        {
                            yield return new ParallelDelegate(invocation, construct, ParallelDelegateRole.Body, creation);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// When <paramref name="function"/> (a lambda or anonymous method) is passed directly to a
        /// parallel construct, describes how.
        /// </summary>
        public static bool TryGetParallelDelegate(IAnonymousFunctionOperation function, KnownSymbols known, out ParallelDelegate result)
        {
            if (function.Parent is not { Kind: OperationKind.DelegateCreation } creation)
            {
                result = default;
                return false;
            }

            return TryGetParallelDelegate((IDelegateCreationOperation)creation, known, out result);
        }

        /// <summary>
        /// When <paramref name="creation"/> (a lambda, anonymous method or method group converted to a
        /// delegate) is passed directly to a parallel construct, describes how.
        /// </summary>
        public static bool TryGetParallelDelegate(IDelegateCreationOperation creation, KnownSymbols known, out ParallelDelegate result)
        {
            result = default;
            return GetCallTakingArgument(creation) is { } invocation
                && GetConstruct(invocation, known) is { } construct
                && TryGetDelegate(invocation, construct, creation, out result);
        }

        /// <summary>
        /// The call <paramref name="value"/> (a delegate creation, or a call such as StartNew's under Unwrap) is an
        /// argument of: directly, through conversions, or as an element of a params array; or null. The first
        /// question a rule that starts from a delegate asks: pointer reads only. Callers check the call they get
        /// (its symbol, and which argument holds the value), so a wider way up than theirs costs nothing.
        /// </summary>
        public static IInvocationOperation? GetCallTakingArgument(IOperation value)
        {
            // Kinds, not type tests: this runs for every lambda, and a type test searches the node's interfaces.
            IOperation? current = value.Parent;
            while (current is not null && current.Kind is OperationKind.Conversion or OperationKind.ArrayInitializer or OperationKind.ArrayCreation)
            {
                current = current.Parent;
            }

            return current is not null && current.Kind == OperationKind.Argument && current.Parent is { Kind: OperationKind.Invocation } invocation
                ? (IInvocationOperation)invocation
                : null;
        }

        /// <summary>
        /// How <paramref name="creation"/> is passed to <paramref name="invocation"/>, a call of <paramref name="construct"/>:
        /// the same answer as finding it among <see cref="GetDelegates"/>, read from the creation's own argument. Every
        /// lambda passed to a parallel call asks this (CVP001, CVP002, CVP050, CVP051), and most are the call's one
        /// delegate: the way up is pointer reads, and the other arguments are read only when the call could be a
        /// thread-local overload (three delegates).
        /// </summary>
        public static bool TryGetDelegate(IInvocationOperation invocation, ParallelConstruct construct, IDelegateCreationOperation creation, out ParallelDelegate result)
        {
            result = default;

            // GetDelegates unwraps implicit conversions between an argument (or a params array's element) and the creation.
            IOperation current = creation;
            while (current.Parent is { Kind: OperationKind.Conversion } conversion && conversion.IsImplicit)
            {
                current = conversion;
            }

            var parent = current.Parent;
            if (parent is null)
            {
                return false;
            }

            if (parent.Kind == OperationKind.ArrayInitializer)
            {
                // Parallel.Invoke(params Action[] actions): an element of the array that is the argument's value.
                if (parent.Parent is { Kind: OperationKind.ArrayCreation } array
                    && array.Parent is { Kind: OperationKind.Argument } arrayArgument
                    && ReferenceEquals(arrayArgument.Parent, invocation)
                    && !TakesDelegate((IArgumentOperation)arrayArgument))
                {
                    result = new ParallelDelegate(invocation, construct, ParallelDelegateRole.Body, creation);
                    return true;
                }

                return false;
            }

            if (parent.Kind != OperationKind.Argument || !ReferenceEquals(parent.Parent, invocation))
            {
                return false;
            }

            var argument = (IArgumentOperation)parent;
            if (!TakesDelegate(argument))
            {
                return false;
            }

            var role = ParallelDelegateRole.Body;
            var arguments = invocation.Arguments;
            if ((construct == ParallelConstruct.For && arguments.Length >= 5) || (construct == ParallelConstruct.ForEach && arguments.Length >= 4))
            {
                // Which delegate of how many (RoleOf). Three delegates come after For's two bounds or ForEach's source,
                // so only a longer call can be a thread-local overload; the others' arguments are not read at all.
                var delegateIndex = -1;
                var delegateParameterCount = 0;
                foreach (var other in arguments)
                {
                    if (ReferenceEquals(other, argument))
                    {
                        delegateIndex = delegateParameterCount;
                    }

                    if (TakesDelegate(other))
                    {
                        delegateParameterCount++;
                    }
                }

                role = RoleOf(construct, delegateIndex, delegateParameterCount);
            }

            result = new ParallelDelegate(invocation, construct, role, creation);
            return true;
        }

        /// <summary>
        /// True when <paramref name="operation"/> runs directly in a parallel loop's body (not its
        /// localInit/localFinally). Blocking calls there are CVP002's, even when the body is an async
        /// lambda of Parallel.ForEachAsync, so the async-code rules (CVP020, CVP021, CVP022) leave them alone.
        /// </summary>
        public static bool IsInParallelLoopBody(IOperation operation, KnownSymbols known) =>
            TryFindEnclosing(operation, known, out var body) && body.Role == ParallelDelegateRole.Body;

        /// <summary>
        /// When <paramref name="operation"/> runs as part of a parallel body, the innermost such body.
        /// Stops at the innermost enclosing lambda/local function: a nested delegate that the body
        /// does not itself run (a Task.Run lambda, a callback) is not the parallel body.
        /// </summary>
        public static bool TryFindEnclosing(IOperation operation, KnownSymbols known, out ParallelDelegate result)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation function:
                        return TryGetParallelDelegate(function, known, out result);
                    case ILocalFunctionOperation:
                        result = default;
                        return false;
                }
            }

            result = default;
            return false;
        }

        /// <summary>
        /// The operations of <paramref name="function"/> (a lambda, anonymous method or local function) that run
        /// when it runs: its descendants, without the bodies of the lambdas and local functions declared in it
        /// (those run when something calls them). Exactly the operations for which <see cref="TryFindEnclosing"/>
        /// stops at <paramref name="function"/>. The nested functions themselves are included, not what is in them.
        /// In no particular order. Walked with a struct enumerator over a stack reused by the thread: the walk of a
        /// body allocates nothing (<see cref="ParallelBodies"/> walks every parallel body once).
        /// </summary>
        public static OwnOperationsWalk OwnOperations(IOperation function) => new OwnOperationsWalk(function);

        /// <summary>See <see cref="OwnOperations"/>.</summary>
        internal readonly struct OwnOperationsWalk : IEnumerable<IOperation>
        {
            private readonly IOperation function;

            public OwnOperationsWalk(IOperation function) => this.function = function;

            public Enumerator GetEnumerator() => new Enumerator(function);

            IEnumerator<IOperation> IEnumerable<IOperation>.GetEnumerator() => GetEnumerator();

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

            /// <summary>Depth first, children pushed in order (so visited last to first).</summary>
            public struct Enumerator : IEnumerator<IOperation>
            {
                /// <summary>A stack grown past this by a huge body is dropped, not kept for the thread.</summary>
                private const int KeptDepth = 4096;

                [System.ThreadStatic]
                private static Pending[]? spare;

                private Pending[]? pending;
                private int count;
                private IOperation? current;
                private OperationKind currentKind;

                public Enumerator(IOperation function)
                {
                    // Taken, not shared: a walk started while another is under way on this thread gets its own.
                    pending = spare ?? new Pending[64];
                    spare = null;
                    count = 0;
                    current = null;
                    currentKind = OperationKind.None;
                    PushChildren(function);
                }

                public IOperation Current => current!;

                /// <summary>The kind of <see cref="Current"/>, read once by the walk (a call through the interface each time it is asked).</summary>
                public OperationKind CurrentKind => currentKind;

                object System.Collections.IEnumerator.Current => Current;

                public bool MoveNext()
                {
                    if (count == 0)
                    {
                        current = null;
                        return false;
                    }

                    var next = pending![--count].Operation;
                    var kind = next.Kind;
                    current = next;
                    currentKind = kind;

                    // The kind, not a type test: one call instead of a search of the node's interfaces. Nested
                    // functions are visited, not entered; references and literals have no children to ask for.
                    switch (kind)
                    {
                        case OperationKind.AnonymousFunction:
                        case OperationKind.LocalFunction:
                        case OperationKind.LocalReference:
                        case OperationKind.ParameterReference:
                        case OperationKind.Literal:
                        case OperationKind.InstanceReference:
                        case OperationKind.DefaultValue:
                            break;
                        default:
                            PushChildren(next, kind);
                            break;
                    }

                    return true;
                }

                /// <summary>
                /// The children of the kinds most common in bodies read through their own properties: one or two calls
                /// through the interface, where listing <see cref="IOperation.ChildOperations"/> makes two calls per
                /// child and one more. Same children (order aside: the walk's order is none in particular).
                /// </summary>
                private void PushChildren(IOperation operation, OperationKind kind)
                {
                    switch (kind)
                    {
                        case OperationKind.Argument:
                            Push(((IArgumentOperation)operation).Value);
                            return;
                        case OperationKind.Return:
                        case OperationKind.YieldReturn:
                            Push(((IReturnOperation)operation).ReturnedValue);
                            return;
                        case OperationKind.ExpressionStatement:
                            Push(((IExpressionStatementOperation)operation).Operation);
                            return;
                        case OperationKind.Conversion:
                            Push(((IConversionOperation)operation).Operand);
                            return;
                        case OperationKind.Block:
                            PushAll(((IBlockOperation)operation).Operations);
                            return;
                        case OperationKind.Binary:
                            var binary = (IBinaryOperation)operation;
                            Push(binary.LeftOperand);
                            Push(binary.RightOperand);
                            return;
                        case OperationKind.Invocation:
                            var invocation = (IInvocationOperation)operation;
                            Push(invocation.Instance);
                            PushAll(invocation.Arguments);
                            return;
                        case OperationKind.PropertyReference:
                            var property = (IPropertyReferenceOperation)operation;
                            Push(property.Instance);
                            PushAll(property.Arguments);
                            return;
                        default:
                            PushChildren(operation);
                            return;
                    }
                }

                [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
                private void Push(IOperation? child)
                {
                    if (child is null)
                    {
                        return;
                    }

                    if (count == pending!.Length)
                    {
                        System.Array.Resize(ref pending, count * 2);
                    }

                    pending[count++] = new Pending(child);
                }

                private void PushAll<T>(ImmutableArray<T> children)
                    where T : class, IOperation
                {
                    foreach (var child in children)
                    {
                        Push(child);
                    }
                }

                private void PushChildren(IOperation operation)
                {
                    foreach (var child in operation.ChildOperations)
                    {
                        Push(child);
                    }
                }

                public void Dispose()
                {
                    if (pending is { } stack)
                    {
                        pending = null;
                        if (stack.Length <= KeptDepth)
                        {
                            System.Array.Clear(stack, 0, count);
                            spare = stack;
                        }

                        count = 0;
                    }
                }

                public void Reset() => throw new System.NotSupportedException();
            }

            /// <summary>
            /// An operation waiting on the stack. A struct around it, because an element of an <c>IOperation[]</c> is
            /// written with a check that the value implements the interface (a search, for every child pushed); a
            /// struct's field is written as it is.
            /// </summary>
            private readonly struct Pending
            {
                public Pending(IOperation operation) => Operation = operation;

                public IOperation Operation { get; }
            }
        }

        /// <summary>
        /// The local function whose body directly contains <paramref name="operation"/> (no lambda in
        /// between), or null. Such an operation runs in parallel when the local function is called from a
        /// parallel body or passed to a parallel construct; <see cref="ParallelLocalFunctions"/> answers that.
        /// </summary>
        public static ILocalFunctionOperation? GetEnclosingLocalFunction(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation:
                        return null;
                    case ILocalFunctionOperation localFunction:
                        return localFunction;
                }
            }

            return null;
        }

        /// <summary>
        /// True when <paramref name="operation"/> sits inside a <c>lock</c> statement of its own function
        /// (the walk stops at the innermost lambda or local function: a lock outside it does not guard a
        /// delegate that runs later or elsewhere).
        /// </summary>
        public static bool IsUnderLock(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ILockOperation:
                        return true;
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// The parameter of <paramref name="body"/> that numbers its iterations, when the construct gives
        /// each iteration a distinct one: the index of Parallel.For/ForAsync, the <c>long</c> index of the
        /// indexed Parallel.ForEach overloads. Null otherwise.
        /// </summary>
        public static IParameterSymbol? GetIterationIndexParameter(ParallelDelegate body)
        {
            if (body.Role != ParallelDelegateRole.Body || body.Function is not { } function)
            {
                return null;
            }

            var parameters = function.Symbol.Parameters;
            switch (body.Construct)
            {
                case ParallelConstruct.For:
                case ParallelConstruct.ForAsync:
                    return parameters.Length > 0 ? parameters[0] : null;
                case ParallelConstruct.ForEach:
                    // (item, state, long index) and (item, state, long index, local); not (item, state, local)
                    // with a long TLocal: the declared parameter type tells them apart.
                    return parameters.Length >= 3 && DeclaredDelegateTypeArgumentIsInt64(body.Creation, 2) ? parameters[2] : null;
                default:
                    return null;
            }
        }

        private static bool DeclaredDelegateTypeArgumentIsInt64(IDelegateCreationOperation creation, int index)
        {
            IOperation? current = creation.Parent;
            while (current is IConversionOperation)
            {
                current = current.Parent;
            }

            return current is IArgumentOperation { Parameter: { } parameter }
                && parameter.OriginalDefinition.Type is INamedTypeSymbol { TypeArguments: var arguments }
                && arguments.Length > index
                && arguments[index].SpecialType == SpecialType.System_Int64;
        }

        /// <summary>True when the argument's parameter is of a delegate type (read from the converted value's type).</summary>
        private static bool TakesDelegate(IArgumentOperation argument) => argument.Value.Type?.TypeKind == TypeKind.Delegate;

        private static ParallelDelegateRole RoleOf(ParallelConstruct construct, int delegateIndex, int delegateParameterCount)
        {
            // The thread-local overloads of For/ForEach take (localInit, body, localFinally).
            if (delegateParameterCount == 3 && construct is ParallelConstruct.For or ParallelConstruct.ForEach)
            {
                return delegateIndex switch
                {
                    0 => ParallelDelegateRole.LocalInit,
                    2 => ParallelDelegateRole.LocalFinally,
                    _ => ParallelDelegateRole.Body,
                };
            }

            return ParallelDelegateRole.Body;
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
