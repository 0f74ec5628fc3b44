using System.Threading.Tasks;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP040AsyncDelegateWithoutAwaitAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP040AsyncDelegateWithoutAwaitCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP040AsyncDelegateWithoutAwaitTests
    {
        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_AsyncMethodsWithoutAwaitInWhenAll_WithMessage()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    #pragma warning disable CS1998
                    static async Task CookBreakfast() { var eggs = 0; for (var i = 0; i < 1000; i++) eggs += i; }
                    static async Task<int> IronShirt() => 42;
                    #pragma warning restore CS1998

                    static async Task StartAsync()
                    {
                        await Task.WhenAll({|#0:CookBreakfast()|}, {|#1:IronShirt()|});
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source,
                Verify.Diagnostic(RuleIds.AsyncDelegateWithoutAwaitAsConcurrentWork).WithLocation(0).WithArguments("CookBreakfast", "WhenAll"),
                Verify.Diagnostic(RuleIds.AsyncDelegateWithoutAwaitAsConcurrentWork).WithLocation(1).WithArguments("IronShirt", "WhenAll"));
        }

        [Fact]
        public async Task Flags_AsyncLambdaWithoutAwaitInSelect_WhenAllAndWhenAny()
        {
            const string source = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static int Slice(int loaf) => loaf * 2;

                    #pragma warning disable CS1998
                    static async Task StartAsync(int[] loaves)
                    {
                        await Task.WhenAll(loaves.Select({|#0:async loaf => Slice(loaf)|}));
                        await Task.WhenAny(loaves.Select({|#1:async loaf => { Slice(loaf); }|}).ToList());
                        await Task.WhenAll(loaves.Select({|#2:async (loaf, i) => Slice(loaf + i)|}).ToArray());
                    }
                    #pragma warning restore CS1998
                }
                """;
            await Verify.VerifyAnalyzerAsync(source,
                Verify.Diagnostic(RuleIds.AsyncDelegateWithoutAwaitAsConcurrentWork).WithLocation(0).WithArguments("async lambda", "WhenAll"),
                Verify.Diagnostic(RuleIds.AsyncDelegateWithoutAwaitAsConcurrentWork).WithLocation(1).WithArguments("async lambda", "WhenAny"),
                Verify.Diagnostic(RuleIds.AsyncDelegateWithoutAwaitAsConcurrentWork).WithLocation(2).WithArguments("async lambda", "WhenAll"));
        }

        [Fact]
        public async Task Flags_MethodWithoutAwaitThroughSelect()
        {
            const string source = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    #pragma warning disable CS1998
                    static async Task<int> ToastAsync(int slice) => slice;
                    #pragma warning restore CS1998

                    static async Task StartAsync(int[] slices)
                    {
                        await Task.WhenAll(slices.Select(s => {|CVP040:ToastAsync(s)|}));
                        await Task.WhenAll(slices.Select({|CVP040:ToastAsync|}));
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_LocalFunctionWithAwaitOnlyInNestedLambda()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Morning
                {
                    static async Task StartAsync()
                    {
                        #pragma warning disable CS1998
                        async Task Brew()
                        {
                            Func<Task> later = async () => await Task.Delay(1);
                        }
                        #pragma warning restore CS1998
                        await Task.WhenAll({|CVP040:Brew()|}, Task.Delay(1));
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_LambdasAndMethodsThatAwait()
        {
            const string source = """
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Door : IAsyncDisposable { public ValueTask DisposeAsync() => default; }

                class Morning
                {
                    static async Task BoilAsync() => await Task.Delay(1);
                    static async Task LockUpAsync() { await using var door = new Door(); }
                    static async Task CountAsync(IAsyncEnumerable<int> eggs) { await foreach (var egg in eggs) { } }

                    static async Task StartAsync(int[] loaves, IAsyncEnumerable<int> eggs)
                    {
                        await Task.WhenAll(BoilAsync(), LockUpAsync(), CountAsync(eggs));
                        await Task.WhenAll(loaves.Select(async loaf => await Task.Delay(loaf)));
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_TaskRun()
        {
            const string source = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static int Slice(int loaf) => loaf * 2;
                    static Task<int> Cook() => Task.FromResult(1);

                    static async Task StartAsync(int[] loaves)
                    {
                        await Task.WhenAll(Task.Run(() => Slice(1)), Task.Run(() => Slice(2)), Cook(), Task.Delay(1));
                        await Task.WhenAll(loaves.Select(loaf => Task.Run(() => Slice(loaf))));
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_AsyncWithoutAwaitOutsideWhenAll()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    #pragma warning disable CS1998
                    static async Task<int> IronShirt() => 42;
                    #pragma warning restore CS1998

                    static async Task<int> StartAsync() => await IronShirt();
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserTask()
        {
            const string source = """
                namespace Home
                {
                    static class Task
                    {
                        public static System.Threading.Tasks.Task WhenAll(params System.Threading.Tasks.Task[] tasks) => System.Threading.Tasks.Task.CompletedTask;
                    }

                    class Morning
                    {
                        #pragma warning disable CS1998
                        static async System.Threading.Tasks.Task Cook() { }
                        #pragma warning restore CS1998

                        static System.Threading.Tasks.Task Start() => Task.WhenAll(Cook());
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Fix ----------------------------------------------------------------------------

        [Fact]
        public async Task Fix_ExpressionLambda_TaskRun()
        {
            const string source = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static int Slice(int loaf) => loaf * 2;

                    #pragma warning disable CS1998
                    static async Task<int[]> StartAsync(int[] loaves)
                    {
                        return await Task.WhenAll(loaves.Select({|CVP040:async loaf => Slice(loaf)|}));
                    }
                    #pragma warning restore CS1998
                }
                """;
            const string fixedSource = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static int Slice(int loaf) => loaf * 2;

                    #pragma warning disable CS1998
                    static async Task<int[]> StartAsync(int[] loaves)
                    {
                        return await Task.WhenAll(loaves.Select(loaf => Task.Run(() => Slice(loaf))));
                    }
                    #pragma warning restore CS1998
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_BlockLambda_KeepsBodyAndResult()
        {
            const string source = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static async Task<int[]> StartAsync(int[] loaves)
                    {
                        #pragma warning disable CS1998
                        var slices = await Task.WhenAll(loaves.Select({|CVP040:async loaf =>
                        {
                            var total = 0;
                            for (var i = 0; i < loaf; i++) total += i;
                            return total;
                        }|}));
                        #pragma warning restore CS1998
                        return slices;
                    }
                }
                """;
            const string fixedSource = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static async Task<int[]> StartAsync(int[] loaves)
                    {
                        #pragma warning disable CS1998
                        var slices = await Task.WhenAll(loaves.Select(loaf => Task.Run(() =>
                        {
                            var total = 0;
                            for (var i = 0; i < loaf; i++) total += i;
                            return total;
                        })));
                        #pragma warning restore CS1998
                        return slices;
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task NoFix_LambdaWritesSharedState()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    int sliced;

                    #pragma warning disable CS1998
                    async Task StartAsync(int[] loaves, List<int> log)
                    {
                        var total = 0;
                        await Task.WhenAll(loaves.Select({|CVP040:async loaf => { total += loaf; }|}));
                        await Task.WhenAll(loaves.Select({|CVP040:async loaf => { sliced++; }|}));
                        await Task.WhenAll(loaves.Select({|CVP040:async loaf => { log.Add(loaf); }|}));
                    }
                    #pragma warning restore CS1998
                }
                """;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task NoFix_MethodCall()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    #pragma warning disable CS1998
                    static async Task Cook() { }
                    #pragma warning restore CS1998

                    static Task StartAsync() => Task.WhenAll({|CVP040:Cook()|}, Task.Delay(1));
                }
                """;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task FixAll_TwoLambdasInOneDocument()
        {
            const string source = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static int Slice(int loaf) => loaf * 2;

                    #pragma warning disable CS1998
                    static Task StartAsync(int[] loaves) => Task.WhenAll(
                        Task.WhenAll(loaves.Select({|CVP040:async loaf => Slice(loaf)|})),
                        Task.WhenAll(loaves.Select({|CVP040:async loaf => { Slice(loaf); }|})));
                    #pragma warning restore CS1998
                }
                """;
            const string fixedSource = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static int Slice(int loaf) => loaf * 2;

                    #pragma warning disable CS1998
                    static Task StartAsync(int[] loaves) => Task.WhenAll(
                        Task.WhenAll(loaves.Select(loaf => Task.Run(() => Slice(loaf)))),
                        Task.WhenAll(loaves.Select(loaf => Task.Run(() => { Slice(loaf); }))));
                    #pragma warning restore CS1998
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_OnNetFramework()
        {
            const string source = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static int Slice(int loaf) { return loaf * 2; }

                    #pragma warning disable CS1998
                    static Task StartAsync(int[] loaves) { return Task.WhenAll(loaves.Select({|CVP040:async loaf => Slice(loaf)|})); }
                    #pragma warning restore CS1998
                }
                """;
            const string fixedSource = """
                using System.Linq;
                using System.Threading.Tasks;

                class Morning
                {
                    static int Slice(int loaf) { return loaf * 2; }

                    #pragma warning disable CS1998
                    static Task StartAsync(int[] loaves) { return Task.WhenAll(loaves.Select(loaf => Task.Run(() => Slice(loaf)))); }
                    #pragma warning restore CS1998
                }
                """;
            await new Verify.Test { TestCode = source, FixedCode = fixedSource, ReferenceAssemblies = Verifiers.ReferenceSets.Net472 }.RunAsync();
        }
    }
}
