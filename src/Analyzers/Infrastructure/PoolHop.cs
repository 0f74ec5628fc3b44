using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// A hop to the thread pool whose only job is one call: <c>Task.Run(() =&gt; …)</c>, or
    /// <c>Task.Factory.StartNew(() =&gt; …).Unwrap()</c> with the default scheduler. Shared by CVP010
    /// (the call is already asynchronous) and CVP011 (the call is blocking IO with an async counterpart).
    /// </summary>
    internal sealed class PoolHop
    {
        private const int AttachedToParent = 4; // TaskCreationOptions.AttachedToParent

        private PoolHop(IInvocationOperation expression, IAnonymousFunctionOperation lambda, IOperation? token, string display)
        {
            Expression = expression;
            Lambda = lambda;
            Token = token;
            Display = display;
        }

        /// <summary>The expression a fix replaces: the Task.Run call, or the Unwrap call of StartNew(…).Unwrap().</summary>
        public IInvocationOperation Expression { get; }

        /// <summary>The parameterless lambda handed to the pool.</summary>
        public IAnonymousFunctionOperation Lambda { get; }

        /// <summary>The CancellationToken argument of Task.Run / StartNew, if one was passed.</summary>
        public IOperation? Token { get; }

        /// <summary>How a message names the hop: "Task.Run" or "Task.Factory.StartNew(…).Unwrap()".</summary>
        public string Display { get; }

        /// <summary>
        /// Recognizes <c>Task.Run(lambda[, token])</c> and, when <paramref name="includeStartNew"/>,
        /// <c>Task.Factory.StartNew(lambda[, token][, options][, TaskScheduler.Default]).Unwrap()</c>.
        /// </summary>
        public static PoolHop? TryCreate(IInvocationOperation call, KnownSymbols known, bool includeStartNew)
        {
            if (KnownSymbols.IsOneOf(call.TargetMethod, known.TaskRun))
            {
                return FromArguments(call, call, known, "Task.Run");
            }

            if (!includeStartNew
                || !KnownSymbols.IsOneOf(call.TargetMethod, known.TaskUnwrap)
                || call.Arguments.Length != 1
                || Strip(call.Arguments[0].Value) is not IInvocationOperation startNew
                || !KnownSymbols.IsOneOf(startNew.TargetMethod, known.TaskFactoryStartNew)
                || startNew.Instance is not IPropertyReferenceOperation { Instance: null } factory
                || !KnownSymbols.Is(factory.Property, known.TaskFactoryProperty))
            {
                return null;
            }

            return FromArguments(startNew, call, known, "Task.Factory.StartNew(…).Unwrap()");
        }

        /// <summary>
        /// The hop whose work is <paramref name="lambda"/>, found by walking up from it: the same hop
        /// <see cref="TryCreate"/> finds from the Task.Run or Unwrap call. A hop's work is always a lambda, and
        /// lambdas are far rarer than calls, so rules can start here instead of at every invocation.
        /// Null when the hop's lambda is another one, so a call is reported from one lambda only.
        /// </summary>
        public static PoolHop? TryCreateFor(IAnonymousFunctionOperation lambda, KnownSymbols known, bool includeStartNew)
        {
            if (!lambda.Symbol.Parameters.IsEmpty
                || lambda.Parent is not IDelegateCreationOperation creation
                || ParallelBody.GetCallTakingArgument(creation) is not { } call)
            {
                return null;
            }

            // The names rule out most calls cheaply; TryCreate's symbol and shape tests decide (its way down strips
            // implicit conversions only, so a call reached through anything else is rejected there).
            var expression = call.TargetMethod.Name switch
            {
                "Run" => call,
                "StartNew" when includeStartNew => ParallelBody.GetCallTakingArgument(call),
                _ => null,
            };

            return expression is not null
                && TryCreate(expression, known, includeStartNew) is { } hop
                && ReferenceEquals(hop.Lambda, lambda)
                ? hop
                : null;
        }

        private static PoolHop? FromArguments(IInvocationOperation call, IInvocationOperation expression, KnownSymbols known, string display)
        {
            IAnonymousFunctionOperation? lambda = null;
            IOperation? token = null;
            foreach (var argument in call.Arguments)
            {
                var parameterType = argument.Parameter?.Type;
                var value = argument.Value;
                if (value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation function } && lambda is null)
                {
                    lambda = function;
                }
                else if (KnownSymbols.Is(parameterType, known.CancellationToken))
                {
                    token = value;
                }
                else if (KnownSymbols.Is(parameterType, known.TaskCreationOptions))
                {
                    if (value.ConstantValue is not { HasValue: true, Value: int options } || (options & AttachedToParent) != 0)
                    {
                        return null;
                    }
                }
                else if (KnownSymbols.Is(parameterType, known.TaskScheduler))
                {
                    if (value is not IPropertyReferenceOperation scheduler || !KnownSymbols.Is(scheduler.Property, known.TaskSchedulerDefault))
                    {
                        return null;
                    }
                }
                else
                {
                    return null; // a state argument, or something this shape does not know
                }
            }

            return lambda is { Symbol.Parameters.IsEmpty: true } ? new PoolHop(expression, lambda, token, display) : null;
        }

        /// <summary>
        /// The lambda's single statement value: the returned value or the expression statement's expression,
        /// ignoring the implicit final return. Null when the body holds anything else.
        /// </summary>
        public IOperation? SingleValue()
        {
            IOperation? only = null;
            foreach (var operation in Lambda.Body.Operations)
            {
                if (operation is IReturnOperation { ReturnedValue: null, IsImplicit: true })
                {
                    continue;
                }

                if (only is not null)
                {
                    return null;
                }

                only = operation;
            }

            return only switch
            {
                IReturnOperation { ReturnedValue: { } returned } => Strip(returned),
                IExpressionStatementOperation statement => Strip(statement.Operation),
                _ => null,
            };
        }

        /// <summary>
        /// True when the token passed to the hop does not need to be kept: none was passed, it is
        /// <c>default</c> / <c>CancellationToken.None</c>, or the inner call receives the same token itself.
        /// </summary>
        public bool TokenIsKeptBy(IInvocationOperation inner, KnownSymbols known)
        {
            if (Token is null || Strip(Token) is IDefaultValueOperation
                || (Token is IPropertyReferenceOperation none && KnownSymbols.Is(none.Property, known.CancellationTokenNone)))
            {
                return true;
            }

            var tokenSymbol = ReferencedSymbol(Token);
            if (tokenSymbol is null)
            {
                return false;
            }

            foreach (var argument in inner.Arguments)
            {
                if (SymbolEqualityComparer.Default.Equals(ReferencedSymbol(argument.Value), tokenSymbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when evaluating the call's receiver and arguments does no synchronous work of its own:
        /// only constants, locals, parameters, fields, simple properties, delegates, default values and
        /// built-in operators over those.
        /// A call whose arguments compute something inside the lambda is real offloading.
        /// </summary>
        public static bool HasCheapOperands(IInvocationOperation call)
        {
            if (call.Instance is not null && !IsCheap(call.Instance))
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (!IsCheap(argument.Value))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsCheap(IOperation operation)
        {
            if (operation.ConstantValue.HasValue)
            {
                return true;
            }

            switch (operation)
            {
                case ILiteralOperation:
                case IDefaultValueOperation:
                case IInstanceReferenceOperation:
                case ILocalReferenceOperation:
                case IParameterReferenceOperation:
                case ITypeOfOperation:
                case IDelegateCreationOperation:
                case IAnonymousFunctionOperation:
                    return true;
                case IFieldReferenceOperation field:
                    return field.Instance is null || IsCheap(field.Instance);
                case IPropertyReferenceOperation property:
                    return property.Arguments.IsEmpty && (property.Instance is null || IsCheap(property.Instance));
                case IBinaryOperation binary:
                    return binary.OperatorMethod is null && IsCheap(binary.LeftOperand) && IsCheap(binary.RightOperand);
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    return IsCheap(conditional.Condition) && IsCheap(conditional.WhenTrue) && IsCheap(whenFalse);
                case IUnaryOperation unary:
                    return unary.OperatorMethod is null && IsCheap(unary.Operand);
                case IConversionOperation conversion:
                    return conversion.OperatorMethod is null && IsCheap(conversion.Operand);
                case IArrayCreationOperation { IsImplicit: true, Initializer: { } initializer }:
                    foreach (var element in initializer.ElementValues)
                    {
                        if (!IsCheap(element))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static ISymbol? ReferencedSymbol(IOperation operation) => Strip(operation) switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            _ => null,
        };

        /// <summary>Removes implicit conversions.</summary>
        public static IOperation Strip(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
