using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify001 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP001AsyncDelegateInParallelLoopAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP001AsyncDelegateInParallelLoopCodeFix>;
using Verify002 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP002BlockingIoInParallelBodyAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP002BlockingIoInParallelBodyCodeFix>;
using Verify003 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP003AsyncDelegateInPlinqAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP003AsyncDelegateInPlinqCodeFix>;
using Verify010 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP010TaskRunWrapsAsyncCallAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP010TaskRunWrapsAsyncCallCodeFix>;
using Verify011 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP011TaskRunWrapsBlockingIoAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP011TaskRunWrapsBlockingIoCodeFix>;
using Verify012 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP012StartNewWithAsyncDelegateAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP012StartNewWithAsyncDelegateCodeFix>;
using Verify020 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP020BlockingWaitInAsyncCodeAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP020BlockingWaitInAsyncCodeCodeFix>;
using Verify021 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP021ThreadSleepInAsyncCodeAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP021ThreadSleepInAsyncCodeCodeFix>;
using Verify022 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP022SynchronousIoInAsyncCodeAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP022SynchronousIoInAsyncCodeCodeFix>;
using Verify040 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP040AsyncDelegateWithoutAwaitAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP040AsyncDelegateWithoutAwaitCodeFix>;
using Verify050 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP050UnsynchronizedSharedWriteAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP050UnsynchronizedSharedWriteCodeFix>;
using Verify051 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP051NonThreadSafeCollectionAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP051NonThreadSafeCollectionCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Robustness.Features
{
    /// <summary>Static lambdas (C# 9) keep <c>static</c> through every fix; async, sync and static local functions.</summary>
    public sealed class LambdaAndLocalFunctionTests
    {
        // ---- Static lambdas --------------------------------------------------------------------

        [Fact]
        public async Task StaticAsyncLambdaInParallelForEachAndFor_FixesKeepStatic()
        {
            var test = new Verify001.Test
            {
                TestCode = """
                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    class Breakfast
                    {
                        async Task ServeAsync(List<string> plates, int cups)
                        {
                            await Task.Yield();
                            Parallel.ForEach(plates, {|CVP001:static async plate => await Task.Delay(plate.Length)|});
                            Parallel.For(0, cups, {|CVP001:static async cup => await Task.Delay(cup)|});
                        }
                    }
                    """,
                FixedCode = """
                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    class Breakfast
                    {
                        async Task ServeAsync(List<string> plates, int cups)
                        {
                            await Task.Yield();
                            await Parallel.ForEachAsync(plates, static async (plate, cancellationToken) => await Task.Delay(plate.Length));
                            await Parallel.ForAsync(0, cups, static async (cup, cancellationToken) => await Task.Delay(cup));
                        }
                    }
                    """,

                // Two shapes, two equivalence keys: Fix All applies one key per pass.
                NumberOfFixAllIterations = 2,
                NumberOfFixAllInDocumentIterations = 2,
                NumberOfFixAllInProjectIterations = 2,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task StaticLambdaInTaskRun_CVP010AndCVP011_AreFlaggedAndUnwrapped()
        {
            await Verify010.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class Breakfast
                {
                    Task Boil() => {|CVP010:Task.Run(static () => Kettle.BoilAsync())|};
                }

                static class Kettle { public static Task BoilAsync() => Task.Delay(1); }
                """, """
                using System.Threading.Tasks;

                class Breakfast
                {
                    Task Boil() => Kettle.BoilAsync();
                }

                static class Kettle { public static Task BoilAsync() => Task.Delay(1); }
                """);

            await Verify011.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Breakfast
                {
                    Task<string> ReadRecipe() => {|CVP011:Task.Run(static () => File.ReadAllText("recipe.txt"))|};
                }
                """, """
                using System.IO;
                using System.Threading.Tasks;

                class Breakfast
                {
                    Task<string> ReadRecipe() => File.ReadAllTextAsync("recipe.txt");
                }
                """);
        }

        [Fact]
        public async Task StaticAsyncLambdaInStartNew_CVP012_BecomesTaskRunKeepingStatic()
        {
            await Verify012.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task ServeAsync()
                    {
                        await {|CVP012:Task.Factory.StartNew(static async () => await Task.Delay(1))|};
                    }
                }
                """, """
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task ServeAsync()
                    {
                        await Task.Run(static async () => await Task.Delay(1));
                    }
                }
                """);
        }

        [Fact]
        public async Task StaticAsyncLambdaWithoutAwaitInWhenAll_CVP040_TaskRunFixKeepsStatic()
        {
            await Verify040.VerifyCodeFixAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task CookAsync(int[] eggs)
                    {
                        await Task.WhenAll(eggs.Select({|CVP040:static async egg => { var heat = 0; for (var i = 0; i < egg; i++) heat += i; }|}));
                    }
                }
                """, """
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task CookAsync(int[] eggs)
                    {
                        await Task.WhenAll(eggs.Select(static egg => Task.Run(() => { var heat = 0; for (var i = 0; i < egg; i++) heat += i; })));
                    }
                }
                """);
        }

        [Fact]
        public async Task StaticLambdaInParallelForEach_CVP002Fix_WritesStaticAsync()
        {
            await Verify002.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task ReadAllAsync(string[] recipes)
                    {
                        await Task.Yield();
                        Parallel.ForEach(recipes, static recipe => { var text = {|CVP002:File.ReadAllText(recipe)|}; });
                    }
                }
                """, """
                using System.IO;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task ReadAllAsync(string[] recipes)
                    {
                        await Task.Yield();
                        await Parallel.ForEachAsync(recipes, static async (recipe, cancellationToken) => { var text = await File.ReadAllTextAsync(recipe, cancellationToken); });
                    }
                }
                """);
        }

        [Fact]
        public async Task StaticAsyncLambdaInPlinqSelect_CVP003Fix_KeepsStatic()
        {
            await Verify003.VerifyCodeFixAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<int[]> ServeAsync(int[] orders) => await Task.WhenAll(orders.AsParallel().Select({|CVP003:static async o => { await Task.Delay(o); return o; }|}));
                }
                """, """
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<int[]> ServeAsync(int[] orders) => await Task.WhenAll(orders.Select(static async o => { await Task.Delay(o); return o; }));
                }
                """);
        }

        [Fact]
        public async Task StaticLambdaWritingStaticState_InterlockedFixKeepsStatic_LockFixIsNotOffered()
        {
            // A static lambda cannot see a 'gate' local declared beside the loop (CS8820): no lock fix. Interlocked needs no gate.
            const string Source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    static readonly List<int> Plates = new List<int>();
                    static string last = "";
                    static int count;

                    void Serve(int[] items)
                    {
                        Parallel.ForEach(items, static item => { SERVE; });
                    }

                    void Name(string[] names)
                    {
                        Parallel.ForEach(names, static name => { NAME; });
                    }

                    void Count(int[] items)
                    {
                        Parallel.ForEach(items, static item => { COUNT; });
                    }
                }
                """;
            await Verify051.VerifyNoFixAsync(Source
                .Replace("SERVE", "{|CVP051:Plates.Add(item)|}", System.StringComparison.Ordinal)
                .Replace("NAME", "last = name", System.StringComparison.Ordinal)
                .Replace("COUNT", "count += item", System.StringComparison.Ordinal));

            var test = new Verify050.Test
            {
                TestCode = Source
                    .Replace("SERVE", "Plates.Add(item)", System.StringComparison.Ordinal)
                    .Replace("NAME", "{|CVP050:last = name|}", System.StringComparison.Ordinal)
                    .Replace("COUNT", "{|CVP050:count += item|}", System.StringComparison.Ordinal),
                FixedCode = Source
                    .Replace("SERVE", "Plates.Add(item)", System.StringComparison.Ordinal)
                    .Replace("NAME", "{|CVP050:last = name|}", System.StringComparison.Ordinal)
                    .Replace("COUNT", "Interlocked.Add(ref count, item)", System.StringComparison.Ordinal)
                    .Replace("using System.Collections.Generic;\n", "using System.Collections.Generic;\nusing System.Threading;\n", System.StringComparison.Ordinal),
            };

            // The write to 'last' keeps its diagnostic in the fixed code: it has no fix.
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            await test.RunAsync();
        }

        [Fact]
        public async Task StaticAsyncLambda_CVP021_DoesNotPassATokenItCannotCapture()
        {
            // The method's token is not visible inside a static lambda (CS8820): Task.Delay gets no token.
            await Verify021.VerifyCodeFixAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    Func<Task> Boil(CancellationToken token) => static async () =>
                    {
                        await Task.Yield();
                        {|CVP021:Thread.Sleep(10)|};
                    };
                }
                """, """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    Func<Task> Boil(CancellationToken token) => static async () =>
                    {
                        await Task.Yield();
                        await Task.Delay(10);
                    };
                }
                """);
        }

        // ---- Local functions -------------------------------------------------------------------

        [Fact]
        public async Task AsyncLocalFunctionInASyncMethod_CVP020_CVP021_CVP022_Fire()
        {
            const string Source = """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void Prepare(Task<int> toast, string path)
                    {
                        async Task EatAsync()
                        {
                            await Task.Yield();
                            var bites = [|toast.Result|];
                            [|Thread.Sleep(10)|];
                            var menu = [|File.ReadAllText(path)|];
                        }

                        _ = EatAsync();
                    }
                }
                """;
            await Verify020.VerifyAnalyzerAsync(Source.Replace("[|Thread.Sleep(10)|]", "Thread.Sleep(10)", System.StringComparison.Ordinal).Replace("[|File.ReadAllText(path)|]", "File.ReadAllText(path)", System.StringComparison.Ordinal));
            await Verify021.VerifyAnalyzerAsync(Source.Replace("[|toast.Result|]", "toast.Result", System.StringComparison.Ordinal).Replace("[|File.ReadAllText(path)|]", "File.ReadAllText(path)", System.StringComparison.Ordinal));
            await Verify022.VerifyAnalyzerAsync(Source.Replace("[|toast.Result|]", "toast.Result", System.StringComparison.Ordinal).Replace("[|Thread.Sleep(10)|]", "Thread.Sleep(10)", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task SyncLocalFunctionInsideAnAsyncMethod_IsNotAsyncCode()
        {
            const string Source = """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task PrepareAsync(Task<int> toast, string path)
                    {
                        await Task.Yield();
                        Chew();

                        void Chew()
                        {
                            var bites = toast.Result;
                            Thread.Sleep(10);
                            var menu = File.ReadAllText(path);
                        }
                    }
                }
                """;
            using var project = new AdhocProject(Source);
            var exceptions = new ConcurrentQueue<System.Exception>();
            Assert.Empty(await project.AnalyzeAsync(exceptions));
            Assert.Empty(exceptions);

            // Control: the same three calls straight in the async method are flagged.
            using var inline = new AdhocProject(Source.Replace("Chew();", "var bites = toast.Result; Thread.Sleep(10); var menu = File.ReadAllText(path);", System.StringComparison.Ordinal));
            Assert.Equal(3, (await inline.AnalyzeAsync(exceptions)).Count(d => d.Id is RuleIds.BlockingWaitInAsyncCode or RuleIds.ThreadSleepInAsyncCode or RuleIds.SynchronousIoInAsyncCode));
            Assert.Empty(exceptions);
        }

        [Fact]
        public async Task StaticAsyncLocalFunction_CVP021_UsesItsOwnTokenParameter()
        {
            await Verify021.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void Start(CancellationToken token)
                    {
                        _ = BoilAsync(token);

                        static async Task BoilAsync(CancellationToken cancellationToken)
                        {
                            await Task.Yield();
                            {|CVP021:Thread.Sleep(10)|};
                        }
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void Start(CancellationToken token)
                    {
                        _ = BoilAsync(token);

                        static async Task BoilAsync(CancellationToken cancellationToken)
                        {
                            await Task.Yield();
                            await Task.Delay(10, cancellationToken);
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task StaticLocalFunctionAsParallelBody_CVP002_FlaggedInsideIt_NoFix()
        {
            await Verify002.VerifyNoFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void ReadAll(string[] recipes)
                    {
                        Parallel.ForEach(recipes, Read);

                        static void Read(string recipe)
                        {
                            var text = {|#0:File.ReadAllText(recipe)|};
                        }
                    }
                }
                """,
                Verify002.Diagnostic(RuleIds.BlockingIoInParallelBody).WithLocation(0)
                    .WithArguments("File.ReadAllText", "Parallel.ForEachAsync", "File.ReadAllTextAsync")
                    .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task LocalFunctionAsParallelBody_CVP050_WriteToCapturedLocal_FixedInsideIt()
        {
            await Verify050.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Count(string[] dishes)
                    {
                        var total = 0;
                        Parallel.ForEach(dishes, Add);
                        return total;

                        void Add(string dish) { {|CVP050:total += dish.Length|}; }
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Count(string[] dishes)
                    {
                        var total = 0;
                        Parallel.ForEach(dishes, Add);
                        return total;

                        void Add(string dish) { Interlocked.Add(ref total, dish.Length); }
                    }
                }
                """);
        }
    }
}
