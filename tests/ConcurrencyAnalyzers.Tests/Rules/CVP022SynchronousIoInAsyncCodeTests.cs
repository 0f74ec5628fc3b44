using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP022SynchronousIoInAsyncCodeAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP022SynchronousIoInAsyncCodeCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP022SynchronousIoInAsyncCodeTests
    {
        private const string Usings = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            """;

        private static async Task VerifyWithConfigAsync(string source, string editorconfig)
        {
            var test = new Verify.Test { TestCode = source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorconfig + "\n"));
            await test.RunAsync();
        }

        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_ReadAllTextInAsyncMethod_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    async Task<string> ReadShoppingListAsync(string path)
                    {
                        await Task.Yield();
                        return {|#0:File.ReadAllText(path)|};
                    }
                }
                """,
                Verify.Diagnostic(RuleIds.SynchronousIoInAsyncCode).WithLocation(0).WithArguments("File.ReadAllText", "File.ReadAllTextAsync"));
        }

        [Fact]
        public async Task Flags_ReaderInAsyncLambda()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    Func<StreamReader, Task<string>> Read() => async reader => { await Task.Yield(); return {|CVP022:reader.ReadToEnd()|}; };
                }
                """);
        }

        [Fact]
        public async Task Flags_InAsyncLocalFunction()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    void Plan(string path)
                    {
                        async Task Local()
                        {
                            {|CVP022:File.WriteAllText(path, "eggs")|};
                            await Task.Yield();
                        }

                        _ = Local();
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_InValueTaskAndGenericMethod()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    async ValueTask<T> LoadAsync<T>(string path, Func<byte[], T> parse)
                    {
                        await Task.Yield();
                        return parse({|CVP022:File.ReadAllBytes(path)|});
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_StreamOverrideMapsToBaseEntry()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    async Task<int> ReadAsync(FileStream stream, byte[] buffer)
                    {
                        await Task.Yield();
                        return {|CVP022:stream.Read(buffer, 0, buffer.Length)|};
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_AfterConfigureAwait()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    async Task SaveAsync(string path)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        {|CVP022:File.AppendAllText(path, "coffee")|};
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_ApiAddedInEditorConfig()
        {
            await VerifyWithConfigAsync(Usings + """
                namespace Kitchen
                {
                    public class Fridge
                    {
                        public string Open(string shelf) => shelf;
                        public Task<string> OpenAsync(string shelf, CancellationToken cancellationToken = default) => Task.FromResult(shelf);
                    }

                    class Routine
                    {
                        async Task<string> GetMilkAsync(Fridge fridge)
                        {
                            await Task.Yield();
                            return {|CVP022:fridge.Open("top")|};
                        }
                    }
                }
                """,
                "concurrency_analyzers.blocking_apis = M:Kitchen.Fridge.Open(System.String)=>M:Kitchen.Fridge.OpenAsync");
        }

        [Fact]
        public async Task Flags_TwoApisAddedInOneEditorConfigValue_SeparatedBySpaces()
        {
            // ';' would start a comment in an .editorconfig value: entries are separated by white space.
            await VerifyWithConfigAsync(Usings + """
                namespace Kitchen
                {
                    public class Fridge
                    {
                        public string Open(string shelf) => shelf;
                        public Task<string> OpenAsync(string shelf, CancellationToken cancellationToken = default) => Task.FromResult(shelf);
                        public void Close() { }
                        public Task CloseAsync() => Task.CompletedTask;
                    }

                    class Routine
                    {
                        async Task<string> GetMilkAsync(Fridge fridge)
                        {
                            await Task.Yield();
                            var milk = {|CVP022:fridge.Open("top")|};
                            {|CVP022:fridge.Close()|};
                            return milk;
                        }
                    }
                }
                """,
                "concurrency_analyzers.blocking_apis = M:Kitchen.Fridge.Open(System.String) => M:Kitchen.Fridge.OpenAsync   M:Kitchen.Fridge.Close=>M:Kitchen.Fridge.CloseAsync");
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_ReadAllTextInAsyncParallelLoopBody_IsCVP002s()
        {
            // Blocking inside a parallel loop's body is reported once, by CVP002, even when the body is async.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Kitchen
                {
                    async Task CookAsync(string[] recipes, Task<int> oven)
                    {
                        await Parallel.ForEachAsync(recipes, async (recipe, cancellationToken) =>
                        {
                            await Task.Yield();
                            var text = File.ReadAllText(recipe);
                        });
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SyncMethod()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    string Read(string path) => File.ReadAllText(path);
                    Task<string> ReadLater(string path) => Task.FromResult(File.ReadAllText(path));
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_NoCounterpartOnNet472()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    async Task<string> ReadAsync(string path)
                    {
                        await Task.Yield();
                        return File.ReadAllText(path);
                    }
                }
                """, ReferenceSets.Net472);
        }

        [Fact]
        public async Task NoDiagnostic_NoCounterpartOnNetStandard20()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    async Task SaveAsync(string path)
                    {
                        await Task.Yield();
                        File.WriteAllBytes(path, new byte[1]);
                    }
                }
                """, ReferenceSets.NetStandard20);
        }

        [Fact]
        public async Task NoDiagnostic_InNameOfAndExpressionTree()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                using System.Linq.Expressions;

                class Routine
                {
                    async Task<string> DescribeAsync(string path)
                    {
                        await Task.Yield();
                        Expression<Func<string>> later = () => File.ReadAllText(path);
                        return nameof(File.ReadAllText) + later;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_InsideTaskRunLambda()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    async Task<string> ReadAsync(string path)
                    {
                        var first = await Task.Run(() => File.ReadAllText(path));
                        var second = await Task.Run(async () => { await Task.Yield(); return File.ReadAllText(path); });
                        return first + second;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SleepAndTaskWaitsBelongToOtherRules()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    async Task<int> WaitAsync(Task<int> toast, SemaphoreSlim table)
                    {
                        Thread.Sleep(10);
                        toast.Wait();
                        table.Wait();
                        await Task.Yield();
                        return toast.Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_CounterpartIsTheEnclosingMethod()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class SlowStream : MemoryStream
                {
                    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                    {
                        await Task.Delay(1, cancellationToken);
                        return base.Read(buffer, offset, count);
                    }
                }

                class FileCopy : FileStream
                {
                    public FileCopy(string path) : base(path, FileMode.Open) { }

                    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        return Read(buffer, offset, count);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_UserApiWhoseCounterpartIsTheEnclosingMethod()
        {
            await VerifyWithConfigAsync(Usings + """
                namespace Kitchen
                {
                    public class Fridge
                    {
                        public string Open(string shelf) => shelf;

                        public async Task<string> OpenAsync(string shelf)
                        {
                            await Task.Yield();
                            return Open(shelf);
                        }
                    }
                }
                """,
                "concurrency_analyzers.blocking_apis = M:Kitchen.Fridge.Open(System.String)=>M:Kitchen.Fridge.OpenAsync");
        }

        [Fact]
        public async Task NoDiagnostic_InMemoryReadersAndWriters()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Routine
                {
                    async Task<string> FormatAsync(MemoryStream buffer, byte[] bytes)
                    {
                        await Task.Yield();
                        buffer.Write(bytes, 0, bytes.Length);
                        using var writer = new StringWriter();
                        writer.Write("toast");
                        return new StringReader("eggs").ReadToEnd() + writer;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ApiExcludedInEditorConfig()
        {
            await VerifyWithConfigAsync(Usings + """
                class Routine
                {
                    async Task<string> ReadAsync(string path)
                    {
                        await Task.Yield();
                        return File.ReadAllText(path);
                    }
                }
                """,
                "concurrency_analyzers.excluded_blocking_apis = M:System.IO.File.ReadAllText(System.String)");
        }

        [Fact]
        public async Task NoDiagnostic_ApiExcludedForThisRuleOnly()
        {
            await VerifyWithConfigAsync(Usings + """
                class Routine
                {
                    async Task<string> ReadAsync(string path)
                    {
                        await Task.Yield();
                        return File.ReadAllText(path) + {|CVP022:File.ReadAllLines(path)|}.Length;
                    }
                }
                """,
                "concurrency_analyzers.CVP022.excluded_blocking_apis = M:System.IO.File.ReadAllText(System.String)");
        }

        [Fact]
        public async Task ExclusionForOneFile_AppliesToThatFileOnly()
        {
            // Each call is looked up in the table of its own file's options: the first file keeps the rule, the
            // second excludes the API, and the files are analyzed one after another by the same rule instance.
            var source = Usings + """
                class {0}
                {
                    async Task<string> ReadAsync(string path)
                    {
                        await Task.Yield();
                        return {1};
                    }
                }
                """;
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/0/Kitchen.cs", source.Replace("{0}", "Kitchen").Replace("{1}", "{|CVP022:File.ReadAllText(path)|}")));
            test.TestState.Sources.Add(("/0/Office.cs", source.Replace("{0}", "Office").Replace("{1}", "File.ReadAllText(path)")));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[Office.cs]\nconcurrency_analyzers.CVP022.excluded_blocking_apis = M:System.IO.File.ReadAllText(System.String)\n"));
            await test.RunAsync();
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserFile()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                namespace Kitchen
                {
                    static class File
                    {
                        public static string ReadAllText(string path) => path;
                        public static Task<string> ReadAllTextAsync(string path) => Task.FromResult(path);
                    }

                    class Routine
                    {
                        async Task<string> ReadAsync(string path)
                        {
                            await Task.Yield();
                            return File.ReadAllText(path);
                        }
                    }
                }
                """);
        }

        // ---- Fixes ---------------------------------------------------------------------------

        [Fact]
        public async Task Fix_AwaitsCounterpartWithTheTokenInScope()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Routine
                {
                    async Task<int> CountAsync(string path, CancellationToken cancellationToken)
                    {
                        var text = {|CVP022:File.ReadAllText(path)|};
                        await Task.Yield();
                        return text.Length;
                    }
                }
                """, Usings + """
                class Routine
                {
                    async Task<int> CountAsync(string path, CancellationToken cancellationToken)
                    {
                        var text = await File.ReadAllTextAsync(path, cancellationToken);
                        await Task.Yield();
                        return text.Length;
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_NoTokenWhenTwoAreInScope()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Routine
                {
                    async Task SaveAsync(string path, CancellationToken first, CancellationToken second)
                    {
                        {|CVP022:File.WriteAllText(path, "eggs")|};
                        await Task.Yield();
                    }
                }
                """, Usings + """
                class Routine
                {
                    async Task SaveAsync(string path, CancellationToken first, CancellationToken second)
                    {
                        await File.WriteAllTextAsync(path, "eggs");
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ReaderReadToEnd()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Routine
                {
                    async Task<string> ReadAsync(string path)
                    {
                        using var reader = new StreamReader(path);
                        return {|CVP022:reader.ReadToEnd()|};
                    }
                }
                """, Usings + """
                class Routine
                {
                    async Task<string> ReadAsync(string path)
                    {
                        using var reader = new StreamReader(path);
                        return await reader.ReadToEndAsync();
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ParenthesizesMemberAccess()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Routine
                {
                    async Task<int> CountAsync(string path)
                    {
                        await Task.Yield();
                        return {|CVP022:File.ReadAllLines(path)|}.Length;
                    }
                }
                """, Usings + """
                class Routine
                {
                    async Task<int> CountAsync(string path)
                    {
                        await Task.Yield();
                        return (await File.ReadAllLinesAsync(path)).Length;
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_KeepsConfigureAwaitFalseConvention()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Routine
                {
                    async Task SaveAsync(string path)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        {|CVP022:File.AppendAllText(path, "coffee")|};
                    }
                }
                """, Usings + """
                class Routine
                {
                    async Task SaveAsync(string path)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        await File.AppendAllTextAsync(path, "coffee").ConfigureAwait(false);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_InAsyncLambdaWithLambdaToken()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Routine
                {
                    Func<string, CancellationToken, Task<byte[]>> Load() => async (path, token) => {|CVP022:File.ReadAllBytes(path)|};
                }
                """, Usings + """
                class Routine
                {
                    Func<string, CancellationToken, Task<byte[]>> Load() => async (path, token) => await File.ReadAllBytesAsync(path, token);
                }
                """);
        }

        [Fact]
        public async Task Fix_TokenOverloadMissingOnNet60()
        {
            // TextReader.ReadToEndAsync(CancellationToken) arrived in .NET 7: on .NET 6 the token is not passed.
            await new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.Net60,
                TestCode = Usings + """
                    class Routine
                    {
                        async Task<string> ReadAsync(TextReader reader, CancellationToken cancellationToken)
                        {
                            await Task.Yield();
                            return {|CVP022:reader.ReadToEnd()|};
                        }
                    }
                    """,
                FixedCode = Usings + """
                    class Routine
                    {
                        async Task<string> ReadAsync(TextReader reader, CancellationToken cancellationToken)
                        {
                            await Task.Yield();
                            return await reader.ReadToEndAsync();
                        }
                    }
                    """,
            }.RunAsync();
        }

        [Fact]
        public async Task Fix_ExtensionMethodCounterpartAddedInEditorConfig()
        {
            const string Library = """
                namespace Kitchen
                {
                    public class Fridge { }

                    public static class FridgeExtensions
                    {
                        public static string Open(this Fridge fridge, string shelf) => shelf;
                        public static Task<string> OpenAsync(this Fridge fridge, string shelf, CancellationToken cancellationToken = default) => Task.FromResult(shelf);
                    }

                    class Routine
                    {
                        async Task<string> GetMilkAsync(Fridge fridge, CancellationToken cancellationToken)
                        {
                            await Task.Yield();
                """;
            var test = new Verify.Test
            {
                TestCode = Usings + Library + """
                            return {|CVP022:fridge.Open("top")|};
                        }
                    }
                }
                """,
                FixedCode = Usings + Library + """
                            return await fridge.OpenAsync("top", cancellationToken);
                        }
                    }
                }
                """,
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\nconcurrency_analyzers.blocking_apis = M:Kitchen.FridgeExtensions.Open(Kitchen.Fridge,System.String)=>M:Kitchen.FridgeExtensions.OpenAsync\n"));
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_UsesTokenLocalDeclaredBefore()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Routine
                {
                    async Task SaveAsync(string path, byte[] data)
                    {
                        using var timeout = new CancellationTokenSource(1000);
                        var token = timeout.Token;
                        {|CVP022:File.WriteAllBytes(path, data)|};
                        await Task.Yield();
                    }
                }
                """, Usings + """
                class Routine
                {
                    async Task SaveAsync(string path, byte[] data)
                    {
                        using var timeout = new CancellationTokenSource(1000);
                        var token = timeout.Token;
                        await File.WriteAllBytesAsync(path, data, token);
                        await Task.Yield();
                    }
                }
                """);
        }

        // ---- No fix --------------------------------------------------------------------------

        [Fact]
        public async Task NoFix_InsideLock()
        {
            await Verify.VerifyNoFixAsync(Usings + """
                class Routine
                {
                    readonly object gate = new object();

                    async Task SaveAsync(string path)
                    {
                        await Task.Yield();
                        lock (gate)
                        {
                            {|CVP022:File.WriteAllText(path, "eggs")|};
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_NamedArguments()
        {
            await Verify.VerifyNoFixAsync(Usings + """
                class Routine
                {
                    async Task SaveAsync(string file)
                    {
                        await Task.Yield();
                        {|CVP022:File.WriteAllText(contents: "eggs", path: file)|};
                    }
                }
                """);
        }

        // ---- Fix All -------------------------------------------------------------------------

        [Fact]
        public async Task FixAll_FixesEveryCallInDocument()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Routine
                {
                    async Task CopyAsync(string from, string to, CancellationToken cancellationToken)
                    {
                        var text = {|CVP022:File.ReadAllText(from)|};
                        {|CVP022:File.WriteAllText(to, text)|};
                        await Task.Yield();
                    }

                    async Task<string> FirstLineAsync(StreamReader reader)
                    {
                        await Task.Yield();
                        return {|CVP022:reader.ReadLine()|} ?? "";
                    }
                }
                """, Usings + """
                class Routine
                {
                    async Task CopyAsync(string from, string to, CancellationToken cancellationToken)
                    {
                        var text = await File.ReadAllTextAsync(from, cancellationToken);
                        await File.WriteAllTextAsync(to, text, cancellationToken);
                        await Task.Yield();
                    }

                    async Task<string> FirstLineAsync(StreamReader reader)
                    {
                        await Task.Yield();
                        return await reader.ReadLineAsync() ?? "";
                    }
                }
                """);
        }
    }
}
