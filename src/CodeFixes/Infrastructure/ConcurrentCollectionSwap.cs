using System.Linq;
using System.Threading;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>A local collection declaration to retype to its System.Collections.Concurrent counterpart.</summary>
    internal sealed class ConcurrentSwapPlan
    {
        public ConcurrentSwapPlan(VariableDeclarationSyntax declaration, INamedTypeSymbol concurrentType)
        {
            Declaration = declaration;
            ConcurrentType = concurrentType;
        }

        public VariableDeclarationSyntax Declaration { get; }

        public INamedTypeSymbol ConcurrentType { get; }
    }

    /// <summary>
    /// Changes <c>var list = new List&lt;T&gt;();</c> (or <c>List&lt;T&gt; list = new();</c>) to the concurrent
    /// counterpart — only when every use of the local binds to a member of the same name and signature on the
    /// new type, is enumeration, or is a conversion the new type also has; and when no use is a
    /// read-modify-write (<c>dict[k] += 1</c> stays a race on a ConcurrentDictionary). Call sites are unchanged.
    /// </summary>
    internal static class ConcurrentCollectionSwap
    {
        public static ConcurrentSwapPlan? Plan(SemanticModel model, ILocalSymbol local, CancellationToken cancellationToken)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
                || declaration.Parent is not LocalDeclarationStatementSyntax statement
                || statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
                || statement.Modifiers.Count != 0
                || local.Type is not INamedTypeSymbol collectionType)
            {
                return null;
            }

            var known = KnownSymbols.Create(model.Compilation);
            var counterpart = known.ConcurrentCounterpart(collectionType);
            if (counterpart is null || TypeArgumentsOf(declaration) is null)
            {
                return null;
            }

            var concurrentType = counterpart.Construct(collectionType.TypeArguments.ToArray());
            switch (declarator.Initializer?.Value)
            {
                case ObjectCreationExpressionSyntax { Initializer: null } creation when (creation.ArgumentList?.Arguments.Count ?? 0) == 0:
                case ImplicitObjectCreationExpressionSyntax { Initializer: null } implicitCreation when implicitCreation.ArgumentList.Arguments.Count == 0:
                    break;
                default:
                    return null;
            }

            var scope = statement.Parent is GlobalStatementSyntax global ? global.Parent : statement.Parent;
            if (scope is null)
            {
                return null;
            }

            foreach (var identifier in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (identifier.Identifier.ValueText != local.Name)
                {
                    continue;
                }

                var operation = model.GetOperation(identifier, cancellationToken);
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && !IsValidUse(model, reference, concurrentType))
                {
                    return null;
                }
            }

            return new ConcurrentSwapPlan(declaration, concurrentType);
        }

        /// <summary>The declaration with the concurrent type written where the collection type was.</summary>
        public static VariableDeclarationSyntax Apply(ConcurrentSwapPlan plan, VariableDeclarationSyntax current)
        {
            var typeArguments = TypeArgumentsOf(current)!;
            var name = plan.ConcurrentType.Name;
            TypeSyntax NewType() =>
                QualifiedName(ParseName("global::System.Collections.Concurrent"), GenericName(Identifier(name), typeArguments))
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

            var result = current;
            if (!(current.Type is IdentifierNameSyntax { IsVar: true }))
            {
                result = result.WithType(NewType().WithTriviaFrom(current.Type));
            }

            var declarator = result.Variables[0];
            if (declarator.Initializer?.Value is ObjectCreationExpressionSyntax creation)
            {
                declarator = declarator.WithInitializer(declarator.Initializer.WithValue(creation.WithType(NewType().WithTriviaFrom(creation.Type))));
                result = result.WithVariables(SingletonSeparatedList(declarator));
            }

            return result;
        }

        private static TypeArgumentListSyntax? TypeArgumentsOf(VariableDeclarationSyntax declaration)
        {
            var type = declaration.Type is IdentifierNameSyntax { IsVar: true }
                ? (declaration.Variables[0].Initializer?.Value as ObjectCreationExpressionSyntax)?.Type
                : declaration.Type;
            return type switch
            {
                GenericNameSyntax generic => generic.TypeArgumentList,
                QualifiedNameSyntax { Right: GenericNameSyntax generic } => generic.TypeArgumentList,
                AliasQualifiedNameSyntax { Name: GenericNameSyntax generic } => generic.TypeArgumentList,
                _ => null,
            };
        }

        private static bool IsValidUse(SemanticModel model, ILocalReferenceOperation reference, INamedTypeSymbol concurrentType)
        {
            for (var current = reference.Parent; current is not null; current = current.Parent)
            {
                if (current is INameOfOperation)
                {
                    return true;
                }
            }

            switch (reference.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == reference:
                    var method = invocation.TargetMethod;
                    return concurrentType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(candidate =>
                        candidate.DeclaredAccessibility == Accessibility.Public && !candidate.IsStatic
                        && candidate.TypeParameters.Length == 0 && method.TypeParameters.Length == 0
                        && SameParameters(candidate.Parameters, method.Parameters)
                        && (SymbolEqualityComparer.Default.Equals(candidate.ReturnType, method.ReturnType) || invocation.Parent is IExpressionStatementOperation));
                case IPropertyReferenceOperation property when property.Instance == reference:
                    var counterpart = concurrentType.GetMembers(property.Property.Name).OfType<IPropertySymbol>().FirstOrDefault(candidate =>
                        candidate.DeclaredAccessibility == Accessibility.Public && !candidate.IsStatic
                        && candidate.IsIndexer == property.Property.IsIndexer && SameParameters(candidate.Parameters, property.Property.Parameters));
                    if (counterpart is null)
                    {
                        return false;
                    }

                    switch (property.Parent)
                    {
                        case ISimpleAssignmentOperation assignment when assignment.Target == property:
                            // dict[k] = dict[k] + 1 reads and writes apart: still a race on the concurrent type.
                            return counterpart.SetMethod is { DeclaredAccessibility: Accessibility.Public }
                                && !assignment.Value.DescendantsAndSelf().Any(o => o is ILocalReferenceOperation other && SymbolEqualityComparer.Default.Equals(other.Local, reference.Local));
                        case ICompoundAssignmentOperation compound when compound.Target == property:
                        case IIncrementOrDecrementOperation step when step.Target == property:
                        case ICoalesceAssignmentOperation coalesce when coalesce.Target == property:
                            return false;
                        default:
                            return counterpart.GetMethod is { DeclaredAccessibility: Accessibility.Public }
                                && (SymbolEqualityComparer.Default.Equals(counterpart.Type, property.Property.Type) || IsEnumeratedOnly(model, property, counterpart.Type));
                    }

                case IForEachLoopOperation loop when loop.Collection == reference:
                    return true;
                default:
                    return IsEnumeratedOnly(model, reference, concurrentType);
            }
        }

        /// <summary>The value is only looped over, or converted to a type the new one converts to as well (IEnumerable&lt;T&gt;, …).</summary>
        private static bool IsEnumeratedOnly(SemanticModel model, IOperation value, ITypeSymbol newType)
        {
            switch (value.Parent)
            {
                case IForEachLoopOperation loop when loop.Collection == value:
                    return true;
                case IConversionOperation { IsImplicit: true } conversion:
                    if (conversion.Parent is IForEachLoopOperation)
                    {
                        return true;
                    }

                    if (IsOrderDependentQuery(model, conversion, newType))
                    {
                        return false;
                    }

                    var classified = model.Compilation.ClassifyCommonConversion(newType, conversion.Type!);
                    return classified.IsImplicit && (classified.IsIdentity || classified.IsReference) && !SymbolEqualityComparer.Default.Equals(conversion.Type, value.Type);
                default:
                    return false;
            }
        }

        /// <summary>A ConcurrentBag has no order: First, Take, ElementAt, … over it would not mean what they meant over the list.</summary>
        private static bool IsOrderDependentQuery(SemanticModel model, IConversionOperation conversion, ITypeSymbol newType)
        {
            var bag = TypeLookup.Find(model.Compilation, "System.Collections.Concurrent.ConcurrentBag`1");
            if (!SymbolEqualityComparer.Default.Equals(newType.OriginalDefinition, bag)
                || conversion.Parent is not IArgumentOperation { Parent: IInvocationOperation invocation })
            {
                return false;
            }

            var enumerable = TypeLookup.Find(model.Compilation, "System.Linq.Enumerable");
            var method = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
            return OrderDependentOperators.Any(name => KnownSymbols.MethodsNamed(enumerable, name).Any(m => SymbolEqualityComparer.Default.Equals(m, method)));
        }

        private static readonly string[] OrderDependentOperators =
        {
            "First", "FirstOrDefault", "Last", "LastOrDefault", "ElementAt", "ElementAtOrDefault", "Take", "Skip",
            "TakeWhile", "SkipWhile", "TakeLast", "SkipLast", "Zip", "SequenceEqual", "Reverse", "Chunk",
        };

        private static bool SameParameters(System.Collections.Immutable.ImmutableArray<IParameterSymbol> left, System.Collections.Immutable.ImmutableArray<IParameterSymbol> right)
        {
            if (left.Length != right.Length)
            {
                return false;
            }

            for (var i = 0; i < left.Length; i++)
            {
                if (left[i].RefKind != right[i].RefKind || !SymbolEqualityComparer.Default.Equals(left[i].Type, right[i].Type))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
