using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.Infrastructure;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// Runs alone. The shared symbols sit in one slot per core library, for the whole process. Any other test that
    /// compiles over the same core library with another list of references or trees refills that slot. If it does so
    /// between two lines of a sharing test, that test is served its own instance where it expects the shared one. A
    /// miss costs the rules a second resolution and is never a wrong answer; it still fails the test. This happened
    /// once in a CI run, in <c>TheCheckOfTheSourceIsRememberedPerListOfTrees_NotAcrossLists</c>.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SharedSymbolsCollection
    {
        public const string Name = "Shared symbols";
    }

    /// <summary>
    /// The IDE makes a new compilation for every document it analyzes; KnownSymbols and the blocking table are
    /// shared between compilations over the same references, but never when the source changes what they hold.
    /// </summary>
    [Collection(SharedSymbolsCollection.Name)]
    public sealed class KnownSymbolsSharingTests
    {
        private static async Task<CSharpCompilation> CompileAsync(ReferenceAssemblies references, params string[] sources)
        {
            var resolved = await references.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            return CSharpCompilation.Create(
                "T", sources.Select(s => CSharpSyntaxTree.ParseText(s)), resolved, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        }

        [Fact]
        public async Task CompilationsOverTheSameReferences_ShareOneInstance()
        {
            var first = await CompileAsync(ReferenceSets.Net80, "class A { }");
            var second = first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }"));
            var third = first.WithOptions(first.Options.WithConcurrentBuild(false)); // as the analyzer driver clones it

            var known = KnownSymbols.Create(first);
            Assert.NotNull(known.Parallel);
            Assert.Same(known, KnownSymbols.Create(second));
            Assert.Same(known, KnownSymbols.Create(third));
            Assert.Same(BlockingCallTable.Create(first, known).Entries.First(), BlockingCallTable.Create(third, known).Entries.First());
        }

        [Fact]
        public async Task SourceDeclaringAMissingType_GetsItsOwnInstance()
        {
            // No UI framework in the references: the anchor types are missing, so HasUiFramework is false...
            var plain = await CompileAsync(ReferenceSets.Net80, "class A { }");
            var shared = KnownSymbols.Create(plain);
            Assert.False(shared.HasUiFramework);

            // ...until the source itself declares one (a compilation over the same references).
            var withDispatcher = plain.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace System.Windows.Threading { public class Dispatcher { } }"));
            var own = KnownSymbols.Create(withDispatcher);
            Assert.NotSame(shared, own);
            Assert.True(own.HasUiFramework);

            // A source type whose simple name matches but whose namespace does not changes nothing.
            var lookAlike = plain.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace MyApp { public class Dispatcher { } }"));
            Assert.Same(shared, KnownSymbols.Create(lookAlike));
        }

        [Fact]
        public async Task TheCheckOfTheSourceIsRememberedPerListOfTrees_NotAcrossLists()
        {
            var plain = await CompileAsync(ReferenceSets.Net80, "class A { }");
            var shared = KnownSymbols.Create(plain);
            var withDispatcher = plain.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace System.Windows.Threading { public class Dispatcher { } }"));

            // Alternating between the two sources (as per-document compilations of two snapshots would): each
            // answer is its own, whichever was checked last.
            for (var i = 0; i < 2; i++)
            {
                Assert.Same(shared, KnownSymbols.Create(plain.WithOptions(plain.Options.WithConcurrentBuild(i == 0))));
                var own = KnownSymbols.Create(withDispatcher.WithOptions(withDispatcher.Options.WithConcurrentBuild(i == 0)));
                Assert.NotSame(shared, own);
                Assert.True(own.HasUiFramework);
            }
        }

        [Fact]
        public async Task ADifferentListOfReferences_IsCheckedInFull()
        {
            var full = await CompileAsync(ReferenceSets.Net80, "class A { }");
            var shared = KnownSymbols.Create(full);

            // Without the reference that declares Parallel: the same core library, a different list.
            var parallelAssembly = full.GetMetadataReference(shared.Parallel!.ContainingAssembly);
            Assert.NotNull(parallelAssembly);
            var fewer = full.RemoveReferences(parallelAssembly!);
            var own = KnownSymbols.Create(fewer);
            Assert.NotSame(shared, own);
            Assert.Null(own.Parallel);

            // Back to the full list (the shared slot now holds the shorter list's symbols): not served from it.
            var again = KnownSymbols.Create(full.WithOptions(full.Options.WithConcurrentBuild(false)));
            Assert.NotSame(own, again);
            Assert.NotNull(again.Parallel);
        }

        [Fact]
        public async Task AReferenceAdded_ThatDeclaresAMissingType_IsNotServedTheSharedSymbols()
        {
            var plain = await CompileAsync(ReferenceSets.Net80, "class A { }");
            var shared = KnownSymbols.Create(plain);
            Assert.False(shared.HasUiFramework);

            // Every assembly the shared symbols came from is still there, bound to the same symbols; the list of
            // references is not the same, and the new one declares a type that was missing.
            var ui = CSharpCompilation.Create(
                "Ui", new[] { CSharpSyntaxTree.ParseText("namespace System.Windows.Threading { public class Dispatcher { } }") },
                plain.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var withUi = plain.AddReferences(ui.ToMetadataReference());
            var own = KnownSymbols.Create(withUi);
            Assert.NotSame(shared, own);
            Assert.True(own.HasUiFramework);
        }

        [Fact]
        public async Task TypesFoundInSource_AreNeverShared()
        {
            // netstandard2.0 has no ValueTask (it comes from a package); a polyfill declared in source is this
            // compilation's own type, so two such compilations each resolve their own.
            var first = await CompileAsync(ReferenceSets.NetStandard20, "namespace System.Threading.Tasks { public struct ValueTask { } }");
            var second = first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }"));

            var firstKnown = KnownSymbols.Create(first);
            var secondKnown = KnownSymbols.Create(second);
            Assert.NotNull(firstKnown.ValueTask);
            Assert.True(firstKnown.ValueTask!.Locations.All(l => l.IsInSource));
            Assert.NotSame(firstKnown, secondKnown);
            Assert.Equal(second.Assembly, secondKnown.ValueTask!.ContainingAssembly, SymbolEqualityComparer.Default);
        }
    }
}
