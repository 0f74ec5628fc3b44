using Xunit;

namespace ConcurrencyAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// The end-to-end tests share one packed package (one <see cref="PackageFeedFixture"/>) and run one
    /// class at a time: each drives whole builds, and the machine has two cores.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class PackageCollection : ICollectionFixture<PackageFeedFixture>
    {
        public const string Name = "Packed package";
    }
}
