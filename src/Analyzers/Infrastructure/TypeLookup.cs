using Microsoft.CodeAnalysis;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// The one place that looks types up by metadata name. <c>GetTypeByMetadataName</c> returns null
    /// when two references define the same name; then the core library's type wins, else the single
    /// public type from a referenced assembly.
    /// </summary>
    internal static class TypeLookup
    {
        public static INamedTypeSymbol? Find(Compilation compilation, string metadataName)
        {
#pragma warning disable RS0030 // the one sanctioned call
            var unique = compilation.GetTypeByMetadataName(metadataName);
#pragma warning restore RS0030
            if (unique is not null)
            {
                return unique;
            }

            var candidates = compilation.GetTypesByMetadataName(metadataName);
            if (candidates.IsDefaultOrEmpty)
            {
                return null;
            }

            var core = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
            INamedTypeSymbol? publicFromReference = null;
            var publicCount = 0;
            foreach (var candidate in candidates)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, core))
                {
                    return candidate;
                }

                if (candidate.DeclaredAccessibility == Accessibility.Public
                    && !SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
                {
                    publicFromReference = candidate;
                    publicCount++;
                }
            }

            return publicCount == 1 ? publicFromReference : null;
        }
    }
}
