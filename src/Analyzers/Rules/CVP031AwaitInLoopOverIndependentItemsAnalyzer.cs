using System.Collections.Immutable;
using System.Linq;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP031: a <c>foreach</c> whose whole body is <c>await Call(x);</c>, <c>list.Add(await Call(x));</c> or
    /// <c>var r = await Call(x); list.Add(r);</c>, where each iteration works on its own item: the call runs on
    /// the loop variable (or, for a static call, takes something of the loop variable as its first argument),
    /// the arguments run no code of their own, and the list is a local <c>List&lt;T&gt;</c> declared before the loop.
    /// The shape leaves no room for loop-carried state or early exit. <c>for</c> loops are not analyzed (precision).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP031AwaitInLoopOverIndependentItemsAnalyzer : DiagnosticAnalyzer
    {
        public const string ShapeAwait = "Await";
        public const string ShapeAdd = "Add";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP031AwaitInLoopOverIndependentItems);

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

                start.RegisterOperationAction(c => AnalyzeLoop(c, known), OperationKind.Loop);
            });
        }

        private static void AnalyzeLoop(OperationAnalysisContext context, KnownSymbols known)
        {
            if (context.Operation is not IForEachLoopOperation { IsAsynchronous: false } loop
                || loop.Syntax is not ForEachStatementSyntax syntax
                || loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } item })
            {
                return;
            }

            var statements = loop.Body is IBlockOperation block ? block.Operations : ImmutableArray.Create(loop.Body);
            IAwaitOperation? await;
            ILocalSymbol? list = null;
            ILocalSymbol? result = null;
            switch (statements.Length)
            {
                case 1 when statements[0] is IExpressionStatementOperation { Operation: IAwaitOperation single }:
                    await = single;
                    break;
                case 1 when statements[0] is IExpressionStatementOperation { Operation: IInvocationOperation add }
                           && TryGetListAdd(add, known, out list, out var added) && Unwrap(added) is IAwaitOperation inAdd:
                    await = inAdd;
                    break;
                case 2 when statements[0] is IVariableDeclarationGroupOperation { Declarations: { Length: 1 } declarations }
                           && declarations[0].Declarators.Length == 1
                           && declarations[0].Declarators[0].Initializer is { } initializer
                           && Unwrap(initializer.Value) is IAwaitOperation declared
                           && statements[1] is IExpressionStatementOperation { Operation: IInvocationOperation add2 }
                           && TryGetListAdd(add2, known, out list, out var addedLocal)
                           && Unwrap(addedLocal) is ILocalReferenceOperation reference
                           && SymbolEqualityComparer.Default.Equals(reference.Local, declarations[0].Declarators[0].Symbol):
                    await = declared;
                    result = reference.Local;
                    break;
                default:
                    return;
            }

            if (list is not null && !IsLocalDeclaredBefore(list, syntax))
            {
                return;
            }

            var awaited = await.Operation;
            var configureAwaitOk = true;
            if (awaited is IInvocationOperation configure && KnownSymbols.IsOneOf(configure.TargetMethod, known.TaskConfigureAwait))
            {
                configureAwaitOk = configure.Arguments.Length == 1 && configure.Arguments[0].Value.ConstantValue is { HasValue: true, Value: bool };
                awaited = configure.Instance;
            }

            if (awaited is not IInvocationOperation call || !known.IsTaskLike(call.Type) || !WorksOnItem(call, item, list, result))
            {
                return;
            }

            // A sequence of polymorphic services (migrators, seeders, handlers, hosted services) is usually run in order
            // on purpose, and disposal order often matters: precision first.
            if (item.Type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter || item.Type.IsAbstract || IsDisposeAsync(call.TargetMethod, known))
            {
                return;
            }

            var named = (INamedTypeSymbol)call.Type!;
            var isValueTask = KnownSymbols.Is(named.OriginalDefinition, known.ValueTask) || KnownSymbols.Is(named.OriginalDefinition, known.ValueTaskOfT);
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.FixShape, list is null ? ShapeAwait : ShapeAdd);
            if (isValueTask || !configureAwaitOk || known.Enumerable is null)
            {
                properties = properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True);
            }

            context.Report(Diagnostic.Create(
                Descriptors.CVP031AwaitInLoopOverIndependentItems, syntax.ForEachKeyword.GetLocation(), properties, call.TargetMethod.Name));
        }

        private static bool IsDisposeAsync(IMethodSymbol method, KnownSymbols known)
        {
            if (known.IAsyncDisposable is not { } disposable || disposable.GetMembers("DisposeAsync").FirstOrDefault() is not IMethodSymbol member)
            {
                return false;
            }

            return SymbolEqualityComparer.Default.Equals(method, member)
                || (method.ContainingType is { } type && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method));
        }

        /// <summary><c>list.Add(value)</c> on a local <c>List&lt;T&gt;</c>.</summary>
        private static bool TryGetListAdd(IInvocationOperation add, KnownSymbols known, out ILocalSymbol? list, out IOperation value)
        {
            list = null;
            value = add;
            if (!KnownSymbols.IsOneOf(add.TargetMethod, known.ListAdd) || add.Instance is not ILocalReferenceOperation local || add.Arguments.Length != 1)
            {
                return false;
            }

            list = local.Local;
            value = add.Arguments[0].Value;
            return true;
        }

        private static bool IsLocalDeclaredBefore(ILocalSymbol local, SyntaxNode loop)
        {
            var declaration = local.DeclaringSyntaxReferences.FirstOrDefault();
            return declaration is not null && declaration.SyntaxTree == loop.SyntaxTree && declaration.Span.End <= loop.SpanStart;
        }

        /// <summary>
        /// Each iteration works on its own item: an instance call whose receiver is the loop variable (or read off it),
        /// or a static/extension call whose first argument is; every other argument runs no code of its own and
        /// touches neither the list nor the iteration's result local.
        /// </summary>
        private static bool WorksOnItem(IInvocationOperation call, ILocalSymbol item, ILocalSymbol? list, ILocalSymbol? result)
        {
            var arguments = call.Arguments;
            IOperation? owner;
            int firstOtherArgument;
            if (call.Instance is not null)
            {
                owner = call.Instance;
                firstOtherArgument = 0;
            }
            else if (arguments.Length > 0)
            {
                owner = arguments[0].Value;
                firstOtherArgument = 1;
            }
            else
            {
                return false;
            }

            if (!IsRootedAt(owner, item))
            {
                return false;
            }

            for (var i = firstOtherArgument; i < arguments.Length; i++)
            {
                var value = arguments[i].Value;
                if (arguments[i].Parameter is { RefKind: not RefKind.None and not RefKind.In } || !IsSimpleValue(value, list, result))
                {
                    return false;
                }

                // Another object handed to every iteration (a shared DbContext, a stream) may not allow concurrent use.
                if (!IsRootedAt(value, item) && !IsPlainData(value.Type))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Values that carry no shared state: value types (CancellationToken, numbers) and strings.</summary>
        private static bool IsPlainData(ITypeSymbol? type) =>
            type is not null && (type.IsValueType || type.SpecialType == SpecialType.System_String);

        private static bool IsRootedAt(IOperation operation, ILocalSymbol item)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation { OperatorMethod: null } conversion:
                        operation = conversion.Operand;
                        continue;
                    case ILocalReferenceOperation local:
                        return SymbolEqualityComparer.Default.Equals(local.Local, item);
                    case IFieldReferenceOperation { Instance: { } instance }:
                        operation = instance;
                        continue;
                    case IPropertyReferenceOperation { Instance: { } instance, Arguments.IsEmpty: true }:
                        operation = instance;
                        continue;
                    default:
                        return false;
                }
            }
        }

        private static bool IsSimpleValue(IOperation value, ILocalSymbol? list, ILocalSymbol? result)
        {
            if (value.ConstantValue.HasValue)
            {
                return true;
            }

            switch (value)
            {
                case ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or INameOfOperation or IInstanceReferenceOperation or IParameterReferenceOperation:
                    return true;
                case ILocalReferenceOperation local:
                    return !SymbolEqualityComparer.Default.Equals(local.Local, list) && !SymbolEqualityComparer.Default.Equals(local.Local, result);
                case IFieldReferenceOperation field:
                    return field.Instance is null || IsSimpleValue(field.Instance, list, result);
                case IPropertyReferenceOperation property when property.Arguments.IsEmpty:
                    return property.Instance is null || IsSimpleValue(property.Instance, list, result);
                case IConversionOperation { OperatorMethod: null } conversion:
                    return IsSimpleValue(conversion.Operand, list, result);
                case IArrayCreationOperation { IsImplicit: true, Initializer: { } initializer }:
                    return initializer.ElementValues.All(e => IsSimpleValue(e, list, result));
                default:
                    return false;
            }
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true, OperatorMethod: null } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
