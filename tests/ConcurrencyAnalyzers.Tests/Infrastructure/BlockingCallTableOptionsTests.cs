using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.Infrastructure;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// The table's .editorconfig additions and exclusions (<see cref="BlockingCallTable.ForTree"/>), with
    /// options handed in as an analyzer would get them for one tree. The rules' own tests (CVP002, CVP011,
    /// CVP022) check the same keys end to end through TestState.AnalyzerConfigFiles.
    /// </summary>
    public sealed class BlockingCallTableOptionsTests
    {
        private const string Pantry = """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Kitchen
            {
                public class Pantry
                {
                    public string Read(string shelf) => shelf;
                    public Task<string> ReadAsync(string shelf, CancellationToken cancellationToken = default) => Task.FromResult(shelf);
                    public string Fetch(string shelf) => shelf;
                    public Task<string> FetchAsync(int shelf) => Task.FromResult("");
                    public string Peek(string shelf) => shelf;
                    public string PeekAsync(string shelf) => shelf;
                }
            }
            """;

        /// <summary>
        /// Compiles <paramref name="source"/> (with the Pantry) under the given option keys and returns, for
        /// each invocation or property access in <paramref name="source"/>, its text and what the table answers
        /// for rule CVP002: the counterpart's name, "await", or null when the table has no usable entry.
        /// </summary>
        private static async Task<List<(string Text, string? Counterpart)>> ProbeAsync(string source, Dictionary<string, string> keys)
        {
            var resolved = await ReferenceSets.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            var tree = CSharpSyntaxTree.ParseText(source, path: "/Breakfast.cs");
            var compilation = CSharpCompilation.Create("T", new[] { tree, CSharpSyntaxTree.ParseText(Pantry, path: "/Pantry.cs") }, resolved,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ConfigProvider(new Dictionary<SyntaxTree, Dictionary<string, string>> { [tree] = keys }));
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation)).ForTree(options, tree, "CVP002");
            var model = compilation.GetSemanticModel(tree);
            var found = new List<(string, string?)>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                ISymbol? member = model.GetOperation(node) switch
                {
                    IInvocationOperation call => call.TargetMethod,
                    IPropertyReferenceOperation property => property.Property,
                    _ => null,
                };
                if (member is not null)
                {
                    found.Add((node.ToString(), table.TryGet(member, out var entry) && entry.HasCounterpart ? entry.Counterpart?.Name ?? "await" : null));
                }
            }

            return found;
        }

        private static Dictionary<string, string> Keys(params (string Key, string Value)[] keys) => keys.ToDictionary(k => k.Key, k => k.Value);

        private const string Uses = """
            using System.IO;
            using Kitchen;
            class Breakfast
            {
                void M(Pantry pantry, FileStream stream)
                {
                    File.ReadAllText("menu.txt");
                    File.ReadAllBytes("toast.bin");
                    pantry.Read("eggs");
                    pantry.Peek("jam");
                    pantry.Fetch("bread");
                    stream.Read(new byte[1], 0, 1);
                    stream.Flush();
                }
            }
            """;

        private static readonly string[] Calls =
        {
            "File.ReadAllText(\"menu.txt\")", "File.ReadAllBytes(\"toast.bin\")", "pantry.Read(\"eggs\")", "pantry.Peek(\"jam\")",
            "pantry.Fetch(\"bread\")", "stream.Read(new byte[1], 0, 1)", "stream.Flush()",
        };

        private static async Task AssertCounterpartsAsync(Dictionary<string, string> keys, params string?[] expected)
        {
            var found = await ProbeAsync(Uses, keys);
            Assert.Equal(Calls.Zip(expected, (c, e) => (c, e)).ToList(), found);
        }

        [Fact]
        public async Task BuiltInOnly_WithoutOptions()
        {
            await AssertCounterpartsAsync(Keys(), "ReadAllTextAsync", "ReadAllBytesAsync", null, null, null, "ReadAsync", "FlushAsync");
        }

        [Fact]
        public async Task Options_AddUserApis_ByNameOrFullId()
        {
            await AssertCounterpartsAsync(
                Keys(("concurrency_analyzers.blocking_apis", "M:Kitchen.Pantry.Read(System.String)=>M:Kitchen.Pantry.ReadAsync ; "
                    + "M:Kitchen.Pantry.Peek(System.String) => M:Kitchen.Pantry.ReadAsync(System.String,System.Threading.CancellationToken)")),
                "ReadAllTextAsync", "ReadAllBytesAsync", "ReadAsync", "ReadAsync", null, "ReadAsync", "FlushAsync");
        }

        [Fact]
        public async Task Options_UserEntries_AreMatchedStrictly()
        {
            // FetchAsync(int) does not accept Fetch's string; PeekAsync returns no awaitable; Nope does not exist; garbage is skipped.
            await AssertCounterpartsAsync(
                Keys(("concurrency_analyzers.blocking_apis", "M:Kitchen.Pantry.Fetch(System.String)=>M:Kitchen.Pantry.FetchAsync; "
                    + "M:Kitchen.Pantry.Peek(System.String)=>M:Kitchen.Pantry.PeekAsync; M:Kitchen.Pantry.Nope=>M:Kitchen.Pantry.ReadAsync; not an entry")),
                "ReadAllTextAsync", "ReadAllBytesAsync", null, null, null, "ReadAsync", "FlushAsync");
        }

        [Fact]
        public async Task Options_ExcludeBuiltInAndAddedApis_OverridesFollow()
        {
            // Stream.Read excluded: FileStream.Read (an override) is no longer in the table either.
            await AssertCounterpartsAsync(
                Keys(("concurrency_analyzers.blocking_apis", "M:Kitchen.Pantry.Read(System.String)=>M:Kitchen.Pantry.ReadAsync"),
                    ("concurrency_analyzers.excluded_blocking_apis", "M:System.IO.File.ReadAllText(System.String); M:Kitchen.Pantry.Read(System.String); "
                        + "M:System.IO.Stream.Read(System.Byte[],System.Int32,System.Int32)")),
                null, "ReadAllBytesAsync", null, null, null, null, "FlushAsync");
        }

        [Fact]
        public async Task Options_PerRuleKey_WinsOverTheKeyForAllRules()
        {
            await AssertCounterpartsAsync(
                Keys(("concurrency_analyzers.excluded_blocking_apis", "M:System.IO.File.ReadAllText(System.String)"),
                    ("concurrency_analyzers.CVP002.excluded_blocking_apis", "M:System.IO.File.ReadAllBytes(System.String)")),
                "ReadAllTextAsync", null, null, null, null, "ReadAsync", "FlushAsync");
        }

        [Fact]
        public async Task Options_AnotherRulesKey_DoesNotApply()
        {
            await AssertCounterpartsAsync(
                Keys(("concurrency_analyzers.CVP022.excluded_blocking_apis", "M:System.IO.File.ReadAllText(System.String)")),
                "ReadAllTextAsync", "ReadAllBytesAsync", null, null, null, "ReadAsync", "FlushAsync");
        }

        [Fact]
        public async Task ForTree_IsCachedPerDistinctOptionValues()
        {
            var resolved = await ReferenceSets.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            var trees = Enumerable.Range(0, 3).Select(i => CSharpSyntaxTree.ParseText("class C" + i + " { }", path: "/f" + i + ".cs")).ToArray();
            var compilation = CSharpCompilation.Create("T", trees, resolved);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            const string Exclude = "M:System.IO.File.ReadAllText(System.String)";
            var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ConfigProvider(new Dictionary<SyntaxTree, Dictionary<string, string>>
            {
                [trees[0]] = new() { ["concurrency_analyzers.excluded_blocking_apis"] = Exclude },
                [trees[1]] = new() { ["concurrency_analyzers.excluded_blocking_apis"] = Exclude },
            }));

            var first = table.ForTree(options, trees[0]);
            Assert.NotSame(table, first);
            Assert.Same(first, table.ForTree(options, trees[1]));
            Assert.Same(table, table.ForTree(options, trees[2]));

            var readAllText = DocumentationCommentId.GetFirstSymbolForDeclarationId(Exclude, compilation)!;
            Assert.True(table.TryGet(readAllText, out _));
            Assert.False(first.TryGet(readAllText, out _));
        }

        private sealed class ConfigProvider : AnalyzerConfigOptionsProvider
        {
            private readonly Dictionary<SyntaxTree, Dictionary<string, string>> perTree;

            public ConfigProvider(Dictionary<SyntaxTree, Dictionary<string, string>> perTree) => this.perTree = perTree;

            public override AnalyzerConfigOptions GlobalOptions { get; } = new Config(new Dictionary<string, string>());

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Config(perTree.TryGetValue(tree, out var values) ? values : new Dictionary<string, string>());

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

            private sealed class Config : AnalyzerConfigOptions
            {
                private readonly Dictionary<string, string> values;

                public Config(Dictionary<string, string> values) => this.values = values;

                public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
            }
        }
    }
}
