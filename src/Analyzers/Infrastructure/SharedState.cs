using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// Answers "does this reference denote storage that every iteration of a parallel body shares?":
    /// a local or parameter declared outside the body, a static field (not [ThreadStatic]), or a field or
    /// auto-property of an object that is itself shared (<c>this</c>, a shared local, a static).
    /// Anything it cannot tell (a call's result, an element of an unknown collection) is not shared:
    /// precision first.
    /// </summary>
    internal static class SharedState
    {
        public static bool IsShared(IOperation? reference, ParallelSite site, KnownSymbols known, CancellationToken cancellationToken)
        {
            switch (reference)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    return IsShared(conversion.Operand, site, known, cancellationToken);
                case IParenthesizedOperation parenthesized:
                    return IsShared(parenthesized.Operand, site, known, cancellationToken);
                case ILocalReferenceOperation local:
                    // A ref local points elsewhere; what it points to is unknown here.
                    return !local.Local.IsRef && !site.IsDeclaredInside(local.Local);
                case IParameterReferenceOperation parameter:
                    return !site.IsDeclaredInside(parameter.Parameter);
                case IInstanceReferenceOperation instance:
                    // `this` is shared; the implicit receiver of an object initializer is a new object.
                    return instance.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance;
                case IFieldReferenceOperation field:
                    if (field.Field.IsConst)
                    {
                        return false;
                    }

                    return field.Field.IsStatic
                        ? !IsThreadStatic(field.Field, known)
                        : IsShared(field.Instance, site, known, cancellationToken);
                case IPropertyReferenceOperation property when !property.Property.IsIndexer && IsAutoProperty(property.Property, cancellationToken):
                    return property.Property.IsStatic || IsShared(property.Instance, site, known, cancellationToken);
                default:
                    return false;
            }
        }

        /// <summary>The name to show for a shared target: the variable, field or property written.</summary>
        public static string Describe(IOperation reference) => reference switch
        {
            IConversionOperation conversion => Describe(conversion.Operand),
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property => property.Property.IsIndexer ? Describe(property.Instance!) : property.Property.Name,
            IArrayElementReferenceOperation element => Describe(element.ArrayReference),
            IInstanceReferenceOperation => "this",
            _ => reference.Syntax.ToString(),
        };

        /// <summary>
        /// True when one of <paramref name="indices"/> names the iteration: it uses the body's iteration
        /// index (Parallel.For's index), a local of the body initialised from it, or, in a local function
        /// the body calls, one of that function's parameters. Each iteration then writes its own slot.
        /// </summary>
        public static bool IsIndexedByIteration(System.Collections.Immutable.ImmutableArray<IOperation> indices, ParallelSite site, CancellationToken cancellationToken)
        {
            var index = ParallelBody.GetIterationIndexParameter(site.Body);
            foreach (var argument in indices)
            {
                foreach (var operation in argument.DescendantsAndSelf())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (operation)
                    {
                        case IParameterReferenceOperation parameter when index is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter, index):
                            return true;
                        case IParameterReferenceOperation parameter when site.LocalFunction is not null
                            && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, site.LocalFunction.Symbol):
                            return true;
                        case ILocalReferenceOperation local when index is not null && site.IsDeclaredInside(local.Local) && IsInitializedFrom(local, index, cancellationToken):
                            return true;
                    }
                }
            }

            return false;
        }

        private static bool IsInitializedFrom(ILocalReferenceOperation local, IParameterSymbol index, CancellationToken cancellationToken)
        {
            var declarator = local.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
            if (declarator?.Initializer?.Value is not { } value || local.SemanticModel is null || value.SyntaxTree != local.Syntax.SyntaxTree)
            {
                return false;
            }

            var initializer = local.SemanticModel.GetOperation(value, cancellationToken);
            return initializer is not null && initializer.DescendantsAndSelf().Any(o =>
                o is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter, index));
        }

        private static bool IsThreadStatic(IFieldSymbol field, KnownSymbols known)
        {
            foreach (var attribute in field.GetAttributes())
            {
                if (KnownSymbols.Is(attribute.AttributeClass, known.ThreadStaticAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An auto-property behaves like its backing field; any other property runs code we cannot see.</summary>
        private static bool IsAutoProperty(IPropertySymbol property, CancellationToken cancellationToken)
        {
            foreach (var member in property.ContainingType.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is IFieldSymbol { AssociatedSymbol: { } associated } && SymbolEqualityComparer.Default.Equals(associated, property))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
