using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis.Testing;

namespace ConcurrencyAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// The few reference-assembly presets the tests use. Each is restored from NuGet the first time it
    /// is used and then cached, so keep the list short.
    /// </summary>
    public static class ReferenceSets
    {
        /// <summary>.NET 8: Parallel.ForAsync, Parallel.ForEachAsync and every async IO API exist.</summary>
        public static ReferenceAssemblies Net80 { get; } = ReferenceAssemblies.Net.Net80;

        /// <summary>.NET 6: Parallel.ForEachAsync exists, Parallel.ForAsync does not. (1.1.4's own Net60 names a
        /// package version that is not served here, so the preset is built from a served one.)</summary>
        public static ReferenceAssemblies Net60 { get; } = new ReferenceAssemblies(
            "net6.0",
            new PackageIdentity("Microsoft.NETCore.App.Ref", "6.0.36"),
            Path.Combine("ref", "net6.0"));

        /// <summary>.NET Standard 2.0: no Parallel.ForEachAsync, no File.ReadAllTextAsync.</summary>
        public static ReferenceAssemblies NetStandard20 { get; } = ReferenceAssemblies.NetStandard.NetStandard20;

        /// <summary>.NET Framework 4.7.2: no Parallel.ForEachAsync, no File.ReadAllTextAsync.</summary>
        public static ReferenceAssemblies Net472 { get; } = ReferenceAssemblies.NetFramework.Net472.Default;

        public static ReferenceAssemblies Default => Net80;

        public static ImmutableArray<ReferenceAssemblies> All { get; } = ImmutableArray.Create(Net472, NetStandard20, Net60, Net80);
    }
}
