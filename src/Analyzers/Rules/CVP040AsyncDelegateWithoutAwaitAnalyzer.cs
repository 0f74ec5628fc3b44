using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP040: tasks combined with Task.WhenAll/WhenAny that come from async code containing no await — an async
    /// lambda in <c>xs.Select(async x =&gt; …)</c> fed to WhenAll/WhenAny, or a call (directly in the arguments, or as
    /// the expression body of a Select lambda) of an async method of this compilation that never awaits. Such
    /// "tasks" run to completion on the caller's thread, one after another, before WhenAll even sees them.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP040AsyncDelegateWithoutAwaitAnalyzer : DiagnosticAnalyzer
    {
        public const string ShapeLambda = "Lambda";
        public const string ShapeMethod = "Method";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP040AsyncDelegateWithoutAwaitAsConcurrentWork);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.Task is null || known.TaskWhenAllOrAny.IsEmpty)
                {
                    return;
                }

                var materializers = known.EnumerableMaterializers;
                // Made on the first Task.WhenAll / WhenAny (the IDE makes a compilation per document analyzed).
                var neverAwaits = new Lazy<ConcurrentDictionary<IMethodSymbol, bool>>(() => new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default));
                start.RegisterOperationAction(c => AnalyzeInvocation(c, known, materializers, neverAwaits), OperationKind.Invocation);
            });
        }

        private static void AnalyzeInvocation(
            OperationAnalysisContext context, KnownSymbols known, ImmutableHashSet<IMethodSymbol> materializers, Lazy<ConcurrentDictionary<IMethodSymbol, bool>> lazyNeverAwaits)
        {
            // The name rules out nearly every call with one read; the symbol set decides.
            var whenAll = (IInvocationOperation)context.Operation;
            var name = whenAll.TargetMethod.Name;
            if (name is not ("WhenAll" or "WhenAny")
                || !KnownSymbols.IsOneOf(whenAll.TargetMethod, known.TaskWhenAllOrAny)
                || AsyncContext.IsInNameOfOrExpressionTree(whenAll, known))
            {
                return;
            }

            var neverAwaits = lazyNeverAwaits.Value;
            foreach (var argument in whenAll.Arguments)
            {
                var value = Unwrap(argument.Value);
                if (value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        CheckTaskProducer(context, Unwrap(element), neverAwaits, name);
                    }

                    continue;
                }

                if (value is IInvocationOperation materialize && materializers.Contains((materialize.TargetMethod.ReducedFrom ?? materialize.TargetMethod).OriginalDefinition)
                    && materialize.Arguments.Length == 1)
                {
                    value = Unwrap(materialize.Arguments[0].Value);
                }

                if (value is IInvocationOperation select && KnownSymbols.IsOneOf(select.TargetMethod, known.EnumerableSelect) && select.Arguments.Length == 2
                    && Unwrap(select.Arguments[1].Value) is IDelegateCreationOperation { Target: var target })
                {
                    CheckSelector(context, target, neverAwaits, name, context.CancellationToken);
                    continue;
                }

                if (value is IInvocationOperation)
                {
                    CheckTaskProducer(context, value, neverAwaits, name);
                    continue;
                }

                // params ReadOnlySpan<Task> (.NET 9+, C# 13) arrives as a collection the compiler builds: look at its elements.
                foreach (var child in value.ChildOperations)
                {
                    CheckTaskProducer(context, Unwrap(child), neverAwaits, name);
                }
            }
        }

        private static void CheckSelector(
            OperationAnalysisContext context, IOperation target, ConcurrentDictionary<IMethodSymbol, bool> neverAwaits, string combinator, CancellationToken cancellationToken)
        {
            if (target is IMethodReferenceOperation reference)
            {
                if (NeverAwaits(reference.Method, neverAwaits, cancellationToken))
                {
                    Report(context, reference.Syntax, reference.Method.Name, combinator, ShapeMethod, canFix: false);
                }

                return;
            }

            if (target is not IAnonymousFunctionOperation lambda)
            {
                return;
            }

            if (lambda.Symbol.IsAsync)
            {
                if (!ContainsAwait(lambda.Body, cancellationToken))
                {
                    Report(context, lambda.Syntax, "async lambda", combinator, ShapeLambda, canFix: TouchesOnlyItsOwnState(lambda, cancellationToken));
                }

                return;
            }

            // x => CookAsync(x): the expression body of a non-async lambda.
            if (lambda.Body.Operations.Length == 1 && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned })
            {
                CheckTaskProducer(context, Unwrap(returned), neverAwaits, combinator);
            }
        }

        private static void CheckTaskProducer(OperationAnalysisContext context, IOperation value, ConcurrentDictionary<IMethodSymbol, bool> neverAwaits, string combinator)
        {
            if (value is IInvocationOperation call && NeverAwaits(call.TargetMethod, neverAwaits, context.CancellationToken))
            {
                Report(context, call.Syntax, call.TargetMethod.Name, combinator, ShapeMethod, canFix: false);
            }
        }

        private static void Report(OperationAnalysisContext context, SyntaxNode node, string name, string combinator, string shape, bool canFix)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.FixShape, shape);
            if (!canFix)
            {
                properties = properties.Add(DiagnosticProperties.NoFix, DiagnosticProperties.True);
            }

            context.Report(Diagnostic.Create(
                Descriptors.CVP040AsyncDelegateWithoutAwaitAsConcurrentWork, node.GetLocation(), properties, name, combinator));
        }

        /// <summary>An async method or local function of this compilation whose body has no await (syntax, once per method).</summary>
        private static bool NeverAwaits(IMethodSymbol method, ConcurrentDictionary<IMethodSymbol, bool> cache, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (!method.IsAsync || method.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            return cache.GetOrAdd(method, m =>
            {
                foreach (var reference in m.DeclaringSyntaxReferences)
                {
                    var syntax = reference.GetSyntax(cancellationToken);
                    SyntaxNode? body = syntax switch
                    {
                        MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                        LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                        _ => null,
                    };
                    if (body is null || SyntaxContainsAwait(body, cancellationToken))
                    {
                        return false;
                    }
                }

                return true;
            });
        }

        private static bool SyntaxContainsAwait(SyntaxNode body, CancellationToken cancellationToken)
        {
            foreach (var node in body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (node)
                {
                    case AwaitExpressionSyntax:
                    case CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                    case UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                    case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                        return true;
                }
            }

            return false;
        }

        /// <summary>An await, await foreach or await using of this function (not of a nested one).</summary>
        private static bool ContainsAwait(IOperation body, CancellationToken cancellationToken)
        {
            foreach (var operation in body.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IAwaitOperation when IsOwn(operation, body):
                    case IForEachLoopOperation { IsAsynchronous: true } when IsOwn(operation, body):
                    case IUsingOperation { IsAsynchronous: true } when IsOwn(operation, body):
                    case IUsingDeclarationOperation { IsAsynchronous: true } when IsOwn(operation, body):
                        return true;
                }
            }

            return false;
        }

        private static bool IsOwn(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Moving the body to Task.Run makes it run in parallel: only safe when it writes nothing outside itself and
        /// calls methods only on its own parameters and locals (or static methods).
        /// </summary>
        private static bool TouchesOnlyItsOwnState(IAnonymousFunctionOperation lambda, CancellationToken cancellationToken)
        {
            var own = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var parameter in lambda.Symbol.Parameters)
            {
                own.Add(parameter);
            }

            foreach (var operation in lambda.Body.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation is IVariableDeclaratorOperation declarator)
                {
                    own.Add(declarator.Symbol);
                }
            }

            foreach (var operation in lambda.Body.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IAssignmentOperation assignment when !IsOwnRoot(assignment.Target, own):
                    case IIncrementOrDecrementOperation increment when !IsOwnRoot(increment.Target, own):
                    case IInvocationOperation { Instance: { } instance } when !IsOwnRoot(instance, own):
                    case IAnonymousFunctionOperation or ILocalFunctionOperation or IAwaitOperation:
                        return false;
                }
            }

            return true;
        }

        private static bool IsOwnRoot(IOperation operation, HashSet<ISymbol> own)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case ILocalReferenceOperation local:
                        return own.Contains(local.Local) || local.Local.IsConst;
                    case IParameterReferenceOperation parameter:
                        return own.Contains(parameter.Parameter);
                    case IFieldReferenceOperation { Instance: { } instance }:
                        operation = instance;
                        continue;
                    case IPropertyReferenceOperation { Instance: { } instance }:
                        operation = instance;
                        continue;
                    case IArrayElementReferenceOperation element:
                        operation = element.ArrayReference;
                        continue;
                    case ILiteralOperation:
                        return true;
                    default:
                        return false;
                }
            }
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
