using System.Collections.Immutable;
using System.Threading;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP060: an <c>async void</c> method or local function that nobody can await. Event handlers
    /// (<c>(object, EventArgs-derived)</c>), overrides, interface implementations and partial methods are
    /// fixed to <c>void</c> by someone else's signature and are left alone.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP060AsyncVoidMethodAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP060AsyncVoidMethod);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.Task is null)
                {
                    return; // no Task to return instead: nothing to suggest
                }

                start.RegisterSymbolAction(c => AnalyzeMethod(c, known), SymbolKind.Method);
                start.RegisterOperationAction(c => AnalyzeLocalFunction(c, known), OperationKind.LocalFunction);
            });
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, KnownSymbols known)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.MethodKind != MethodKind.Ordinary || !IsAsyncVoid(method) || IsFixedToVoid(method, context.CancellationToken) || IsEventHandlerShaped(method, known))
            {
                return;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax declaration)
                {
                    context.Report(Diagnostic.Create(
                        Descriptors.CVP060AsyncVoidMethod, declaration.Identifier.GetLocation(), method.Name));
                }
            }
        }

        private static void AnalyzeLocalFunction(OperationAnalysisContext context, KnownSymbols known)
        {
            var operation = (ILocalFunctionOperation)context.Operation;
            var function = operation.Symbol;
            if (!IsAsyncVoid(function) || IsEventHandlerShaped(function, known))
            {
                return;
            }

            if (operation.Syntax is LocalFunctionStatementSyntax declaration)
            {
                context.Report(Diagnostic.Create(
                    Descriptors.CVP060AsyncVoidMethod, declaration.Identifier.GetLocation(), function.Name));
            }
        }

        private static bool IsAsyncVoid(IMethodSymbol method) => method.IsAsync && method.ReturnsVoid;

        /// <summary>Someone else's signature decides the return type: overrides, interface implementations, partial methods.</summary>
        private static bool IsFixedToVoid(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty
                || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null)
            {
                return true;
            }

            var type = method.ContainingType;
            if (type is null || method.IsStatic)
            {
                return false;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The <c>(object sender, TEventArgs e)</c> shape of event handlers, TEventArgs deriving from EventArgs.</summary>
        private static bool IsEventHandlerShaped(IMethodSymbol method, KnownSymbols known)
        {
            var parameters = method.Parameters;
            // An unresolved second parameter type (incomplete code, a missing reference) is given the benefit of the doubt.
            return parameters.Length == 2
                && parameters[0].Type.SpecialType == SpecialType.System_Object
                && (KnownSymbols.InheritsFromOrEquals(parameters[1].Type, known.EventArgs) || parameters[1].Type.TypeKind == TypeKind.Error);
        }
    }
}
