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
        public void Parse_ReadsEntriesAndSkipsMalformedOnes()
        {
            var entries = BlockingCallTable.Parse(" M:A.B.Read(System.String) => M:A.B.ReadAsync ; garbage ; M:A.B.Write=>M:A.B.WriteAsync(System.String);", withCounterpart: true).ToList();
            Assert.Equal(new[] { ("M:A.B.Read(System.String)", "M:A.B.ReadAsync"), ("M:A.B.Write", "M:A.B.WriteAsync(System.String)") }, entries);
        }
    }
}
