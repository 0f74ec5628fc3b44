using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
    public sealed class BlockingCallTableTests
    {
        private static async Task<Compilation> CompileAsync(ReferenceAssemblies references, string source = "class C { }")
        {
            var resolved = await references.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            return CSharpCompilation.Create("T", new[] { CSharpSyntaxTree.ParseText(source) }, resolved, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        }

        [Fact]
        public async Task EveryBuiltInEntry_ResolvesWithACounterpart_OnNet80()
        {
            var compilation = await CompileAsync(ReferenceSets.Net80);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            var missing = new List<string>();
            foreach (var (blocking, counterpart, _) in BlockingCallTable.BuiltInEntries)
            {
                var symbols = DocumentationCommentId.GetSymbolsForDeclarationId(blocking, compilation);
                if (symbols.IsDefaultOrEmpty)
                {
                    missing.Add(blocking + " (does not resolve)");
                    continue;
                }

                if (!table.TryGet(symbols[0], out var call) || !call.HasCounterpart)
                {
                    missing.Add(blocking + " → " + counterpart + " (no counterpart)");
                }
            }

            Assert.True(missing.Count == 0, string.Join("\n", missing));
        }

        [Fact]
        public async Task Counterparts_AreStrict()
        {
            var compilation = await CompileAsync(ReferenceSets.Net80);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            BlockingCall Get(string id) => table.TryGet(DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation)!, out var c) ? c : throw new InvalidOperationException(id);

            var readAllText = Get("M:System.IO.File.ReadAllText(System.String)");
            Assert.Equal("System.IO.File.ReadAllTextAsync(string, System.Threading.CancellationToken)", readAllText.Counterpart!.ToDisplayString());
            Assert.True(readAllText.Counterpart.Parameters[1].IsOptional);
            Assert.Equal(BlockingKind.Io, readAllText.Kind);

            // string[] is accepted by IEnumerable<string>
            Assert.Equal("WriteAllLinesAsync", Get("M:System.IO.File.WriteAllLines(System.String,System.String[])").Counterpart!.Name);

            var sleep = Get("M:System.Threading.Thread.Sleep(System.Int32)");
            Assert.Equal(BlockingKind.Sleep, sleep.Kind);
            Assert.Equal("System.Threading.Tasks.Task.Delay(int)", sleep.Counterpart!.ToDisplayString());
            Assert.Equal("System.Threading.Tasks.Task.Delay(int, System.Threading.CancellationToken)", sleep.CounterpartWithToken!.ToDisplayString());

            var result = Get("P:System.Threading.Tasks.Task`1.Result");
            Assert.True(result.AwaitInstead);
            Assert.Null(result.Counterpart);
            Assert.Equal(BlockingKind.TaskWait, result.Kind);
        }

        [Fact]
        public async Task Overrides_AndConstructedGenerics_MapToTheirEntry()
        {
            var compilation = await CompileAsync(ReferenceSets.Net80, """
                using System.IO;
                using System.Threading.Tasks;
                class C
                {
                    int M(FileStream stream, StreamReader reader, Task<int> task)
                    {
                        reader.ReadToEnd();
                        return stream.Read(new byte[1], 0, 1) + task.Result;
                    }
                }
                """);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            var model = compilation.GetSemanticModel(compilation.SyntaxTrees.First());
            var symbols = compilation.SyntaxTrees.First().GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax>()
                .Select(n => model.GetSymbolInfo(n).Symbol)
                .Where(s => s is IMethodSymbol { Name: "Read" or "ReadToEnd" } or IPropertySymbol { Name: "Result" })
                .ToList();
            Assert.Equal(3, symbols.Count);
            Assert.All(symbols, s => Assert.True(table.TryGet(s!, out _), s!.ToDisplayString()));
        }

        [Fact]
        public async Task TypeWithoutEntries_RememberedAsSuch_NeverHidesAnotherType()
        {
            // Console.WriteLine has a name of the table (TextWriter.WriteLine has an entry) and Console has none: the
            // table remembers Console as a type without entries, and must still answer for TextWriter before and after.
            var compilation = await CompileAsync(ReferenceSets.Net80);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            var writerLine = DocumentationCommentId.GetFirstSymbolForDeclarationId("M:System.IO.TextWriter.WriteLine(System.String)", compilation)!;
            var consoleLine = DocumentationCommentId.GetFirstSymbolForDeclarationId("M:System.Console.WriteLine(System.String)", compilation)!;

            Assert.True(table.TryGet(writerLine, out _));
            Assert.False(table.TryGet(consoleLine, out _));
            Assert.False(table.TryGet(consoleLine, out _));
            Assert.True(table.TryGet(writerLine, out var call));
            Assert.True(call.HasCounterpart);
            Assert.True(table.TryGet(writerLine, out _)); // twice in a row: a type with entries is never the one remembered
            Assert.False(table.TryGet(consoleLine, out _));
        }

        [Fact]
        public async Task AsyncFileApis_HaveNoCounterpart_OnNet472()
        {
            var compilation = await CompileAsync(ReferenceSets.Net472);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            var readAllText = DocumentationCommentId.GetFirstSymbolForDeclarationId("M:System.IO.File.ReadAllText(System.String)", compilation)!;
            Assert.True(table.TryGet(readAllText, out var call));
            Assert.False(call.HasCounterpart);
            var readToEnd = DocumentationCommentId.GetFirstSymbolForDeclarationId("M:System.IO.TextReader.ReadToEnd", compilation)!;
            Assert.True(table.TryGet(readToEnd, out var reader));
            Assert.True(reader.HasCounterpart);
        }

        [Fact]
        public async Task OnNet472_FileApisAndTaskWaitAsyncHaveNoCounterpart_WebClientAndStreamsDo()
        {
            var compilation = await CompileAsync(ReferenceSets.Net472);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            var withCounterpart = new List<string>();
            foreach (var (blocking, _, _) in BlockingCallTable.BuiltInEntries.Where(e => e.Blocking.StartsWith("M:System.IO.File.", StringComparison.Ordinal)))
            {
                var symbol = DocumentationCommentId.GetFirstSymbolForDeclarationId(blocking, compilation);
                if (symbol is not null && table.TryGet(symbol, out var call) && call.HasCounterpart)
                {
                    withCounterpart.Add(blocking);
                }
            }

            Assert.True(withCounterpart.Count == 0, string.Join("\n", withCounterpart));

            BlockingCall Get(string id) => table.TryGet(DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation)!, out var c) ? c : throw new InvalidOperationException(id);
            Assert.Null(Get("M:System.Threading.Tasks.Task.Wait(System.Threading.CancellationToken)").Counterpart);
            Assert.Equal("DownloadStringTaskAsync", Get("M:System.Net.WebClient.DownloadString(System.String)").Counterpart!.Name);
            Assert.Equal("CopyToAsync", Get("M:System.IO.Stream.CopyTo(System.IO.Stream,System.Int32)").Counterpart!.Name);
            Assert.True(Get("P:System.Threading.Tasks.Task`1.Result").HasCounterpart);
        }

        [Fact]
        public async Task Counterparts_KeepTheArgumentsAndOfferTheTokenOverload()
        {
            var compilation = await CompileAsync(ReferenceSets.Net80);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            BlockingCall Get(string id) => table.TryGet(DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation)!, out var c) ? c : throw new InvalidOperationException(id);

            var send = Get("M:System.Net.Http.HttpClient.Send(System.Net.Http.HttpRequestMessage,System.Net.Http.HttpCompletionOption)");
            Assert.Equal("System.Net.Http.HttpClient.SendAsync(System.Net.Http.HttpRequestMessage, System.Net.Http.HttpCompletionOption)", send.Counterpart!.ToDisplayString());
            Assert.Equal("System.Net.Http.HttpClient.SendAsync(System.Net.Http.HttpRequestMessage, System.Net.Http.HttpCompletionOption, System.Threading.CancellationToken)", send.CounterpartWithToken!.ToDisplayString());

            var wait = Get("M:System.Threading.SemaphoreSlim.Wait(System.Int32,System.Threading.CancellationToken)");
            Assert.Equal("System.Threading.SemaphoreSlim.WaitAsync(int, System.Threading.CancellationToken)", wait.Counterpart!.ToDisplayString());
            Assert.Equal(BlockingKind.TaskWait, wait.Kind);

            var taskWait = Get("M:System.Threading.Tasks.Task.Wait(System.Threading.CancellationToken)");
            Assert.Equal("System.Threading.Tasks.Task.WaitAsync(System.Threading.CancellationToken)", taskWait.Counterpart!.ToDisplayString());

            // char[] overloads only: ReadAsync(Memory<char>, CancellationToken) does not accept (char[], int, int)
            Assert.Equal("System.IO.TextReader.ReadAsync(char[], int, int)", Get("M:System.IO.TextReader.Read(System.Char[],System.Int32,System.Int32)").Counterpart!.ToDisplayString());
            Assert.Equal("System.Net.Sockets.TcpListener.AcceptTcpClientAsync()", Get("M:System.Net.Sockets.TcpListener.AcceptTcpClient").Counterpart!.ToDisplayString());
            Assert.True(Get("M:System.Runtime.CompilerServices.ValueTaskAwaiter.GetResult").AwaitInstead);

            // Timed waits are left out: Task.Wait(int) returns false on timeout, WaitAsync throws.
            Assert.False(table.TryGet(DocumentationCommentId.GetFirstSymbolForDeclarationId("M:System.Threading.Tasks.Task.Wait(System.Int32)", compilation)!, out _));
        }

        [Fact]
        public async Task LookAlikeTypes_AreNotInTheTable_AddedExtensionMethodIsFoundReduced()
        {
            var compilation = await CompileAsync(ReferenceSets.Net80, """
                namespace Kitchen
                {
                    public static class File { public static string ReadAllText(string path) => path; }
                    public static class Shelf
                    {
                        public static string ReadAllText(this string path) => path;
                        public static System.Threading.Tasks.Task<string> ReadAllTextAsync(this string path, System.Threading.CancellationToken cancellationToken = default) => null!;
                    }
                    class C
                    {
                        string M() => File.ReadAllText("a") + "b".ReadAllText() + System.IO.File.ReadAllText("c");
                    }
                }
                """);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            var model = compilation.GetSemanticModel(compilation.SyntaxTrees.First());
            var calls = compilation.SyntaxTrees.First().GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
                .Select(n => (IMethodSymbol)model.GetSymbolInfo(n).Symbol!)
                .ToList();
            Assert.Equal(3, calls.Count);
            var (lookAlike, extension, real) = (calls[0], calls[1], calls[2]);
            Assert.NotNull(extension.ReducedFrom);
            Assert.True(table.TryGet(real, out _));
            Assert.False(table.TryGet(lookAlike, out _));
            Assert.False(table.TryGet(extension, out _));

            // No options: the built-in table itself.
            var tree = compilation.SyntaxTrees.First();
            Assert.Same(table, table.ForTree(new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), tree));

            // A user's extension method added through the options is found from its reduced form.
            var added = BlockingCallTable.Parse("M:Kitchen.Shelf.ReadAllText(System.String)=>M:Kitchen.Shelf.ReadAllTextAsync", withCounterpart: true).Single();
            Assert.Equal(("M:Kitchen.Shelf.ReadAllText(System.String)", "M:Kitchen.Shelf.ReadAllTextAsync"), added);
            var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new SingleTreeOptions(tree, "concurrency_analyzers.blocking_apis", added.Blocking + "=>" + added.Counterpart));
            Assert.True(table.ForTree(options, tree).TryGet(extension, out var call));
            Assert.Equal("ReadAllTextAsync", call.Counterpart!.Name);
            Assert.False(table.ForTree(options, tree).TryGet(lookAlike, out _));
        }

        [Fact]
        public async Task UserEntries_WithAnyName_PassTheNameFilter()
        {
            // The name filter keys names by first character and length: a name starting with a non-ASCII letter,
            // and names longer than 63 characters (one bucket for all of them) must still be found; a name that
            // shares the first character and the long bucket but is not in the table is not.
            var longName = "Read" + new string('x', 70);
            var longerName = "Read" + new string('y', 80);
            var compilation = await CompileAsync(ReferenceSets.Net80, $$"""
                namespace Kitchen
                {
                    public static class Shelf
                    {
                        public static void Équipe() { }
                        public static System.Threading.Tasks.Task ÉquipeAsync() => null!;
                        public static void {{longName}}() { }
                        public static System.Threading.Tasks.Task {{longName}}Async() => null!;
                        public static void {{longerName}}() { }
                    }
                }
                """);
            var table = BlockingCallTable.Create(compilation, KnownSymbols.Create(compilation));
            var tree = compilation.SyntaxTrees.First();
            var entries = $"M:Kitchen.Shelf.Équipe=>M:Kitchen.Shelf.ÉquipeAsync M:Kitchen.Shelf.{longName}=>M:Kitchen.Shelf.{longName}Async";
            var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new SingleTreeOptions(tree, "concurrency_analyzers.blocking_apis", entries));
            var withUser = table.ForTree(options, tree);
            var shelf = compilation.GetTypeByMetadataName("Kitchen.Shelf")!;

            Assert.True(withUser.TryGet(shelf.GetMembers("Équipe").Single(), out var accented));
            Assert.Equal("ÉquipeAsync", accented.Counterpart!.Name);
            Assert.True(withUser.TryGet(shelf.GetMembers(longName).Single(), out var longCall));
            Assert.Equal(longName + "Async", longCall.Counterpart!.Name);
            Assert.False(withUser.TryGet(shelf.GetMembers(longerName).Single(), out _));
            Assert.False(table.TryGet(shelf.GetMembers("Équipe").Single(), out _));
        }

        private sealed class SingleTreeOptions : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
        {
            private readonly SyntaxTree tree;
            private readonly Values values;

            public SingleTreeOptions(SyntaxTree tree, string key, string value) => (this.tree, values) = (tree, new Values(key, value));

            public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } = new Values(null, null);

            public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => tree == this.tree ? values : GlobalOptions;

            public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

            private sealed class Values : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
            {
                private readonly string? key;
                private readonly string? value;

                public Values(string? key, string? value) => (this.key, this.value) = (key, value);

                public override bool TryGetValue(string key, out string value)
                {
                    value = this.value ?? string.Empty;
                    return key == this.key;
                }
            }
        }

        [Fact]
        public void Parse_ReadsEntriesAndSkipsMalformedOnes()
        {
            var entries = BlockingCallTable.Parse(" M:A.B.Read(System.String) => M:A.B.ReadAsync  garbage |M:A.B.Write=>M:A.B.WriteAsync(System.String)\t", withCounterpart: true).ToList();
            Assert.Equal(new[] { ("M:A.B.Read(System.String)", "M:A.B.ReadAsync"), ("M:A.B.Write", "M:A.B.WriteAsync(System.String)") }, entries);
        }
    }
}
