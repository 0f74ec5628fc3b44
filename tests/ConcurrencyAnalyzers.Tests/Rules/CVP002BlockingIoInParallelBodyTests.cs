using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP002BlockingIoInParallelBodyAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP002BlockingIoInParallelBodyCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP002BlockingIoInParallelBodyTests
    {
        // ---- Flags -----------------------------------------------------------------------------

        [Fact]
        public async Task Flags_FileReadInForEach_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] recipes) => Parallel.ForEach(recipes, recipe => { var text = {|#0:File.ReadAllText(recipe)|}; });
                }
                """,
                Verify.Diagnostic(RuleIds.BlockingIoInParallelBody).WithLocation(0)
                    .WithArguments("File.ReadAllText", "Parallel.ForEachAsync", "File.ReadAllTextAsync")
                    .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_ThreadSleepInFor_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    void M() => Parallel.For(0, 4, i => {|#0:Thread.Sleep(100)|});
                }
                """,
                Verify.Diagnostic(RuleIds.BlockingIoInParallelBody).WithLocation(0)
                    .WithArguments("Thread.Sleep", "Parallel.ForAsync", "Task.Delay")
                    .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_TaskResultInInvoke_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    static Task<int> BoilAsync() => throw null!;
                    void M() => Parallel.Invoke(() => { var water = {|#0:BoilAsync().Result|}; }, () => { });
                }
                """,
                Verify.Diagnostic(RuleIds.BlockingIoInParallelBody).WithLocation(0)
                    .WithArguments("Task.Result", "Task.WhenAll", "await")
                    .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_SyncCallInForEachAsyncBody()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    Task M(string[] recipes) => Parallel.ForEachAsync(recipes, async (recipe, token) =>
                    {
                        {|CVP002:File.WriteAllText(recipe, "done")|};
                        await Task.Yield();
                    });
                }
                """);
        }

        [Fact]
        public async Task Flags_PlinqSelect()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Linq;

                class C
                {
                    string[] M(string[] recipes) => recipes.AsParallel().Select(recipe => {|CVP002:File.ReadAllText(recipe)|}).ToArray();
                }
                """);
        }

        [Fact]
        public async Task Flags_AnonymousMethod()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] recipes) => Parallel.ForEach(recipes, delegate (string recipe) { {|CVP002:File.ReadAllBytes(recipe)|}; });
                }
                """);
        }

        [Fact]
        public async Task Flags_GetAwaiterGetResultAndWait()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    static Task<int> BoilAsync() => throw null!;
                    void M(int[] cups) => Parallel.ForEach(cups, cup =>
                    {
                        var water = {|CVP002:BoilAsync().GetAwaiter().GetResult()|};
                        {|CVP002:Task.Delay(cup).Wait()|};
                    });
                }
                """);
        }

        [Fact]
        public async Task Flags_LocalFunctionCalledFromBody()
        {
            await Verify.VerifyNoFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] recipes)
                    {
                        Parallel.ForEach(recipes, recipe => Read(recipe));

                        string Read(string path) => {|CVP002:File.ReadAllText(path)|};
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_LocalFunctionPassedAsBody()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] recipes)
                    {
                        Parallel.ForEach(recipes, Read);

                        void Read(string path) => {|CVP002:File.ReadAllText(path)|};
                    }
                }
                """);
        }

        /// <summary>
        /// The rule walks down from each parallel body over the code that body runs itself: a loop nested in another
        /// loop's body, or started from a Task.Run lambda, is a body of its own; each call is reported once, by the
        /// innermost body, and the Task.Run lambda's own blocking call is not this rule's.
        /// </summary>
        [Fact]
        public async Task Flags_NestedBodies_EachCallOnce()
        {
            await Verify.VerifyNoFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] shelves, string[] jars)
                    {
                        Parallel.ForEach(shelves, shelf =>
                        {
                            var label = {|CVP002:File.ReadAllText(shelf)|};
                            Parallel.ForEach(jars, jar => {|CVP002:File.WriteAllText(jar, label)|});
                        });

                        _ = Task.Run(() =>
                        {
                            var list = File.ReadAllText("list");
                            Parallel.ForEach(jars, jar => {|CVP002:File.ReadAllText(jar)|});
                        });
                    }
                }
                """);
        }

        /// <summary>
        /// A local function declared inside the body, and one reached only through another local function: both run
        /// as part of the body (reported without a fix); a lambda the local function merely creates does not.
        /// </summary>
        [Fact]
        public async Task Flags_LocalFunctionsDeclaredInTheBody_AndCalledThroughAnother()
        {
            await Verify.VerifyNoFixAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] recipes)
                    {
                        Parallel.ForEach(recipes, recipe =>
                        {
                            Read(recipe);

                            string Read(string path) => {|CVP002:File.ReadAllText(path)|};
                        });

                        Parallel.ForEach(recipes, recipe => Outer(recipe));

                        void Outer(string path) => Inner(path);
                        void Inner(string path)
                        {
                            {|CVP002:File.ReadAllText(path)|};
                            Func<string> later = () => File.ReadAllText(path);
                        }
                    }
                }
                """);
        }

        // ---- Does not flag ---------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_CpuBoundWork()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M(double[] values) => Parallel.For(0, values.Length, i => values[i] = Math.Sqrt(values[i]));
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_CallWithoutCounterpart()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] recipes) => Parallel.ForEach(recipes, recipe => { if (File.Exists(recipe)) { File.Delete(recipe); } });
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_InsideTaskRunLambda()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] recipes) => Parallel.ForEach(recipes, recipe => { _ = Task.Run(() => File.ReadAllText(recipe)); });
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_LocalFunctionNotRunByABody()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    string M(string[] recipes)
                    {
                        Parallel.ForEach(recipes, recipe => { });
                        return Read(recipes[0]);

                        string Read(string path) => File.ReadAllText(path);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_OutsideParallelBody()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading;

                class C
                {
                    string M(string path) { Thread.Sleep(1); return File.ReadAllText(path); }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserParallel()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;

                namespace My
                {
                    static class Parallel
                    {
                        public static void ForEach<T>(T[] source, Action<T> body) { }
                    }

                    class C
                    {
                        void M(string[] recipes) => Parallel.ForEach(recipes, recipe => File.ReadAllText(recipe));
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserFileAndThread()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                namespace My
                {
                    static class File { public static string ReadAllText(string path) => path; }
                    static class Thread { public static void Sleep(int milliseconds) { } }

                    class C
                    {
                        void M(string[] recipes) => Parallel.ForEach(recipes, recipe => { File.ReadAllText(recipe); Thread.Sleep(1); });
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ConsoleErrorWriteLine_ReducedFromOrleans()
        {
            // docs/tools/PackageJsonGenerator/BatchGenerateCommand.cs: logging a failure from a Parallel.ForEach body.
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] packages) => Parallel.ForEach(packages, package =>
                    {
                        try { Console.Out.WriteLine(package); }
                        catch (Exception ex) { Console.Error.WriteLine($"FAILED [{package}]: {ex.Message}"); }
                    });
                }
                """);
        }

        [Fact]
        public async Task Fix_LeavesConsoleWritesSynchronous()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(string[] recipes)
                    {
                        Parallel.ForEach(recipes, recipe =>
                        {
                            Console.Out.WriteLine({|CVP002:File.ReadAllText(recipe)|});
                        });
                        await Task.Yield();
                    }
                }
                """, """
                using System;
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(string[] recipes)
                    {
                        await Parallel.ForEachAsync(recipes, async (recipe, cancellationToken) =>
                        {
                            Console.Out.WriteLine(await File.ReadAllTextAsync(recipe, cancellationToken));
                        });
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ExcludedInEditorConfig()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.IO;
                    using System.Threading.Tasks;

                    class C
                    {
                        void M(string[] recipes) => Parallel.ForEach(recipes, recipe => File.ReadAllText(recipe));
                    }
                    """,
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
                root = true

                [*.cs]
                concurrency_analyzers.CVP002.excluded_blocking_apis = M:System.IO.File.ReadAllText(System.String)
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task NoDiagnostic_OnNet472_NoCounterpart()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] recipes) => Parallel.ForEach(recipes, recipe => File.ReadAllText(recipe));
                }
                """, ReferenceSets.Net472);
        }

        // ---- Fix ---------------------------------------------------------------------------------

        [Fact]
        public async Task Fix_ForEachReadAllText_PassesToken()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(List<string> recipes)
                    {
                        Parallel.ForEach(recipes, recipe =>
                        {
                            var text = {|CVP002:File.ReadAllText(recipe)|};
                            {|CVP002:File.WriteAllText(recipe + ".bak", text)|};
                        });
                        await Task.Yield();
                    }
                }
                """, """
                using System.Collections.Generic;
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(List<string> recipes)
                    {
                        await Parallel.ForEachAsync(recipes, async (recipe, cancellationToken) =>
                        {
                            var text = await File.ReadAllTextAsync(recipe, cancellationToken);
                            await File.WriteAllTextAsync(recipe + ".bak", text, cancellationToken);
                        });
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ForWithOptions_SleepAndResult_MakesPrivateMethodAsync()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    static Task<int> BoilAsync(int cup) => throw null!;

                    void Run() { Brew(new ParallelOptions { MaxDegreeOfParallelism = 2 }); }

                    private void Brew(ParallelOptions options)
                    {
                        Parallel.For(0, 4, options, cup =>
                        {
                            {|CVP002:Thread.Sleep(10)|};
                            var water = {|CVP002:BoilAsync(cup).Result|};
                        });
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    static Task<int> BoilAsync(int cup) => throw null!;

                    void Run() { Brew(new ParallelOptions { MaxDegreeOfParallelism = 2 }); }

                    private async Task Brew(ParallelOptions options)
                    {
                        await Parallel.ForAsync(0, 4, options, async (cup, cancellationToken) =>
                        {
                            await Task.Delay(10, cancellationToken);
                            var water = await BoilAsync(cup);
                        });
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ParenthesizesAwaitBeforeMemberAccess_AndGetResult()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    static Task<int> BoilAsync() => throw null!;

                    static async Task Main(string[] recipes)
                    {
                        Parallel.ForEach(recipes, recipe => System.Console.WriteLine({|CVP002:File.ReadAllText(recipe)|}.Length + {|CVP002:BoilAsync().GetAwaiter().GetResult()|}));
                        await Task.Yield();
                    }
                }
                """, """
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    static Task<int> BoilAsync() => throw null!;

                    static async Task Main(string[] recipes)
                    {
                        await Parallel.ForEachAsync(recipes, async (recipe, cancellationToken) => System.Console.WriteLine((await File.ReadAllTextAsync(recipe, cancellationToken)).Length + await BoilAsync()));
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_BodyUsesLoopState()
        {
            await Verify.VerifyNoFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(string[] recipes)
                    {
                        Parallel.ForEach(recipes, (recipe, state) => { if ({|CVP002:File.ReadAllText(recipe)|}.Length == 0) state.Stop(); });
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_IndexOverload_ReducedFromAsciiArtApp()
        {
            // A public image-to-ASCII tool: Parallel.ForEach(files, (file, state, index) => { …; File.WriteAllText(output, result); }).
            await Verify.VerifyNoFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(string[] files)
                    {
                        Parallel.ForEach(files, (file, state, index) => {|CVP002:File.WriteAllText(file + ".txt", file)|});
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_BlockingCallInsideLock()
        {
            await Verify.VerifyNoFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    private readonly object gate = new object();

                    async Task M(string[] files)
                    {
                        Parallel.ForEach(files, file => { lock (gate) { {|CVP002:File.AppendAllText("log.txt", file)|}; } });
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_SomeBlockingCallHasNoSafeRewrite()
        {
            await Verify.VerifyNoFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(string[] recipes, Task[] kettles)
                    {
                        Parallel.ForEach(recipes, recipe =>
                        {
                            {|CVP002:File.ReadAllText(recipe)|};
                            var first = {|CVP002:Task.WaitAny(kettles)|};
                        });
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_PublicMethodCannotBecomeAsync()
        {
            await Verify.VerifyNoFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                public class C
                {
                    public void M(string[] recipes) => Parallel.ForEach(recipes, recipe => {|CVP002:File.ReadAllText(recipe)|});
                }
                """);
        }

        [Fact]
        public async Task NoFix_PlinqAndInvoke()
        {
            await Verify.VerifyNoFixAsync("""
                using System.IO;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(string[] recipes)
                    {
                        var texts = recipes.AsParallel().Select(recipe => {|CVP002:File.ReadAllText(recipe)|}).ToArray();
                        Parallel.Invoke(() => {|CVP002:File.ReadAllText(texts[0])|});
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task FixAll_TwoLoopsInOneMethod()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void Run(string[] recipes) { Load(recipes); }

                    private void Load(string[] recipes)
                    {
                        Parallel.ForEach(recipes, recipe => {|CVP002:File.ReadAllText(recipe)|});
                        Parallel.ForEach(recipes, delegate (string recipe) { {|CVP002:File.ReadAllBytes(recipe)|}; });
                    }
                }
                """, """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    void Run(string[] recipes) { Load(recipes); }

                    private async Task Load(string[] recipes)
                    {
                        await Parallel.ForEachAsync(recipes, async (recipe, cancellationToken) => await File.ReadAllTextAsync(recipe, cancellationToken));
                        await Parallel.ForEachAsync(recipes, async delegate (string recipe, CancellationToken cancellationToken) { await File.ReadAllBytesAsync(recipe, cancellationToken); });
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_OnNet60_MessageNamesForEachAsync()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    void M(string[] recipes) => Parallel.For(0, recipes.Length, i => {|#0:File.ReadAllText(recipes[i])|});
                }
                """,
                ReferenceSets.Net60,
                Verify.Diagnostic(RuleIds.BlockingIoInParallelBody).WithLocation(0)
                    .WithArguments("File.ReadAllText", "Parallel.ForEachAsync", "File.ReadAllTextAsync")
                    .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_OnNetStandard20_NoForEachAsync_MessageNamesWhenAll_NoFix()
        {
            const string source = """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(int[] cups)
                    {
                        Parallel.ForEach(cups, cup => {|#0:Thread.Sleep(cup)|});
                        await Task.Yield();
                    }
                }
                """;
            var test = new Verify.Test { ReferenceAssemblies = ReferenceSets.NetStandard20, TestCode = source, FixedCode = source };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic(RuleIds.BlockingIoInParallelBody).WithLocation(0)
                .WithArguments("Thread.Sleep", "Task.WhenAll", "Task.Delay")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Fact]
        public async Task NoFix_OnNet60_ForHasNoForAsync()
        {
            const string source = """
                using System.IO;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(string[] recipes)
                    {
                        Parallel.For(0, recipes.Length, i => {|CVP002:File.ReadAllText(recipes[i])|});
                        await Task.Yield();
                    }
                }
                """;
            await new Verify.Test { ReferenceAssemblies = ReferenceSets.Net60, TestCode = source, FixedCode = source }.RunAsync();
        }

        [Fact]
        public async Task Fix_OnNet60_ForEachAsyncExists()
        {
            await new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.Net60,
                TestCode = """
                    using System.IO;
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task M(string[] recipes)
                        {
                            Parallel.ForEach(recipes, recipe => {|CVP002:File.ReadAllText(recipe)|});
                            await Task.Yield();
                        }
                    }
                    """,
                FixedCode = """
                    using System.IO;
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task M(string[] recipes)
                        {
                            await Parallel.ForEachAsync(recipes, async (recipe, cancellationToken) => await File.ReadAllTextAsync(recipe, cancellationToken));
                            await Task.Yield();
                        }
                    }
                    """,
            }.RunAsync();
        }
    }
}
