using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>What must change in the enclosing function so that a statement in it can <c>await</c>.</summary>
    internal sealed class EnclosingFunctionChange
    {
        private EnclosingFunctionChange(SyntaxNode? function, bool makeAsync)
        {
            Function = function;
            MakeAsync = makeAsync;
        }

        /// <summary>The method or local function to make async; null when nothing changes (already async, top-level statements).</summary>
        public SyntaxNode? Function { get; }

        public bool MakeAsync { get; }

        public static EnclosingFunctionChange Nothing { get; } = new EnclosingFunctionChange(null, false);

        public static EnclosingFunctionChange Make(SyntaxNode function) => new EnclosingFunctionChange(function, true);
    }

    /// <summary>
    /// Decides whether a statement may <c>await</c>, and whether its enclosing function may become <c>async</c>
    /// without breaking any caller: already-async functions and top-level statements need nothing; the entry
    /// point (C# 7.1+) and private methods / local functions returning void that are only ever called as
    /// statements become <c>async Task</c>; anything else gets no fix.
    /// </summary>
    internal static class EnclosingFunctionAsync
    {
        public static async Task<EnclosingFunctionChange?> AnalyzeAsync(
            Document document, SemanticModel model, SyntaxNode statement, CancellationToken cancellationToken)
        {
            for (SyntaxNode? node = statement.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case LockStatementSyntax:
                    case UnsafeStatementSyntax:
                    case FixedStatementSyntax:
                        return null; // no await in a lock or in unsafe code
                    case AnonymousFunctionExpressionSyntax function:
                        return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) && !HasRefLikeLocals(model, function, cancellationToken)
                            ? EnclosingFunctionChange.Nothing
                            : null;
                    case LocalFunctionStatementSyntax localFunction:
                        return await AnalyzeDeclarationAsync(document, model, localFunction, localFunction.Modifiers, cancellationToken).ConfigureAwait(false);
                    case MethodDeclarationSyntax method:
                        return await AnalyzeDeclarationAsync(document, model, method, method.Modifiers, cancellationToken).ConfigureAwait(false);
                    case GlobalStatementSyntax:
                        return IsUnsafe(node) ? null : EnclosingFunctionChange.Nothing;
                    case MemberDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                        return null; // constructors, accessors, operators, initializers
                }
            }

            return null;
        }

        /// <summary>The method / local function with <c>async</c> added and <c>void</c> (or <c>int</c> for Main) turned into a task type.</summary>
        public static SyntaxNode Apply(SyntaxNode function)
        {
            switch (function)
            {
                case MethodDeclarationSyntax method:
                    {
                        var (modifiers, type) = AsyncSignature(method.Modifiers, method.ReturnType);
                        return method.WithModifiers(modifiers).WithReturnType(type);
                    }

                case LocalFunctionStatementSyntax localFunction:
                    {
                        var (modifiers, type) = AsyncSignature(localFunction.Modifiers, localFunction.ReturnType);
                        return localFunction.WithModifiers(modifiers).WithReturnType(type);
                    }

                default:
                    return function;
            }
        }

        private static (SyntaxTokenList Modifiers, TypeSyntax ReturnType) AsyncSignature(SyntaxTokenList modifiers, TypeSyntax returnType)
        {
            var taskType = returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
                ? (TypeSyntax)AwaitSyntax.TaskType()
                : AwaitSyntax.TaskOf(returnType);
            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (modifiers.Count == 0)
            {
                return (
                    SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(returnType.GetLeadingTrivia())),
                    taskType.WithTrailingTrivia(returnType.GetTrailingTrivia()));
            }

            return (modifiers.Add(asyncKeyword), taskType.WithTriviaFrom(returnType));
        }

        private static async Task<EnclosingFunctionChange?> AnalyzeDeclarationAsync(
            Document document, SemanticModel model, SyntaxNode declaration, SyntaxTokenList modifiers, CancellationToken cancellationToken)
        {
            if (model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method
                || IsUnsafe(declaration)
                || HasRefLikeLocals(model, declaration, cancellationToken))
            {
                return null;
            }

            if (method.IsAsync)
            {
                return EnclosingFunctionChange.Nothing;
            }

            // An async method of a struct runs on a copy of 'this' after its first await: field writes would be lost.
            if (method.ContainingType is { IsValueType: true } && !method.IsStatic)
            {
                return null;
            }

            if (method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType || p.Type.TypeKind == TypeKind.Pointer)
                || modifiers.Any(SyntaxKind.PartialKeyword) || modifiers.Any(SyntaxKind.ExternKeyword)
                || method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern
                || !method.ExplicitInterfaceImplementations.IsEmpty)
            {
                return null;
            }

            if (IsEntryPoint(model, method, cancellationToken))
            {
                var version = ((CSharpParseOptions)declaration.SyntaxTree.Options).LanguageVersion;
                return version >= LanguageVersion.CSharp7_1 && (method.ReturnsVoid || method.ReturnType.SpecialType == SpecialType.System_Int32)
                    ? EnclosingFunctionChange.Make(declaration)
                    : null;
            }

            // Anything a framework might call by reflection or by signature keeps its shape.
            if (!method.ReturnsVoid || !method.GetAttributes().IsEmpty)
            {
                return null;
            }

            if (method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility != Accessibility.Private)
            {
                return null;
            }

            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction))
            {
                return null;
            }

            return await IsOnlyCalledAsStatementAsync(document, method, cancellationToken).ConfigureAwait(false)
                ? EnclosingFunctionChange.Make(declaration)
                : null;
        }

        private static bool IsEntryPoint(SemanticModel model, IMethodSymbol method, CancellationToken cancellationToken) =>
            method.MethodKind == MethodKind.Ordinary
            && method.IsStatic
            && SymbolEqualityComparer.Default.Equals(model.Compilation.GetEntryPoint(cancellationToken), method);

        /// <summary>True when every reference is <c>Name(...);</c> (or <c>this.Name(...);</c>, or a void arrow body) and there is at least one.</summary>
        private static async Task<bool> IsOnlyCalledAsStatementAsync(Document document, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var references = await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            var count = 0;
            foreach (var referenced in references)
            {
                foreach (var location in referenced.Locations)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (location.IsImplicit || location.Location.SourceTree is not { } tree)
                    {
                        return false;
                    }

                    var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
                    var node = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (node.FirstAncestorOrSelf<CrefSyntax>() is not null)
                    {
                        continue; // documentation only
                    }

                    if (node is not SimpleNameSyntax name || !IsCallStatement(name))
                    {
                        return false;
                    }

                    count++;
                }
            }

            return count > 0;
        }

        private static bool IsCallStatement(SimpleNameSyntax name)
        {
            ExpressionSyntax callee = name;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                && access.Expression is ThisExpressionSyntax or BaseExpressionSyntax or IdentifierNameSyntax or PredefinedTypeSyntax or QualifiedNameSyntax or GenericNameSyntax)
            {
                callee = access;
            }

            return callee.Parent is InvocationExpressionSyntax invocation
                && invocation.Expression == callee
                && (invocation.Parent is ExpressionStatementSyntax || IsVoidArrowBody(invocation));
        }

        /// <summary><c>void M() => Name(...);</c>: the value is dropped just as in a statement.</summary>
        private static bool IsVoidArrowBody(InvocationExpressionSyntax invocation)
        {
            var returnType = invocation.Parent?.Parent switch
            {
                MethodDeclarationSyntax method when invocation.Parent == method.ExpressionBody => method.ReturnType,
                LocalFunctionStatementSyntax local when invocation.Parent == local.ExpressionBody => local.ReturnType,
                _ => null,
            };
            return returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
        }

        private static bool HasRefLikeLocals(SemanticModel model, SyntaxNode function, CancellationToken cancellationToken)
        {
            foreach (var node in function.DescendantNodes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (node is VariableDeclarationSyntax declaration
                    && (declaration.Type is RefTypeSyntax || model.GetTypeInfo(declaration.Type, cancellationToken).Type is { IsRefLikeType: true }))
                {
                    return true;
                }

                if (node is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsUnsafe(SyntaxNode node)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                var modifiers = current switch
                {
                    MemberDeclarationSyntax member => member.Modifiers,
                    LocalFunctionStatementSyntax local => local.Modifiers,
                    _ => default,
                };
                if (modifiers.Any(SyntaxKind.UnsafeKeyword) || current is UnsafeStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
