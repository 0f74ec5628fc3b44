using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP001AsyncDelegateInParallelLoopAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP001AsyncDelegateInParallelLoopCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP001AsyncDelegateInParallelLoopTests
    {
        // ---- Flags -----------------------------------------------------------------------------

        [Fact]
        public async Task Flags_AsyncLambdaInForEach_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    void M(List<string> items) => Parallel.ForEach(items, {|#0:async item => await Task.Delay(item.Length)|});
                }
                """,
                Verify.Diagnostic(RuleIds.AsyncDelegateInParallelLoop).WithLocation(0)
                    .WithArguments("Parallel.ForEach", "Parallel.ForEachAsync").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_AsyncLambdaInFor_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    void M() => Parallel.For(0, 10, {|#0:async i => await Task.Delay(i)|});
                }
                """,
                Verify.Diagnostic(RuleIds.AsyncDelegateInParallelLoop).WithLocation(0)
                    .WithArguments("Parallel.For", "Parallel.ForAsync").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_EachAsyncLambdaInInvoke_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    void M() => Parallel.Invoke({|#0:async () => await Task.Delay(1)|}, () => { }, {|#1:async () => await Task.Delay(2)|});
                }
                """,
                Verify.Diagnostic(RuleIds.AsyncDelegateInParallelLoop).WithLocation(0)
                    .WithArguments("Parallel.Invoke", "Task.WhenAll").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                Verify.Diagnostic(RuleIds.AsyncDelegateInParallelLoop).WithLocation(1)
                    .WithArguments("Parallel.Invoke", "Task.WhenAll").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_AsyncLambdaInForAll_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] items) => items.AsParallel().ForAll({|#0:async x => await Task.Delay(x)|});
                }
                """,
                Verify.Diagnostic(RuleIds.AsyncDelegateInParallelLoop).WithLocation(0)
                    .WithArguments("ParallelQuery.ForAll", "Task.WhenAll").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_AsyncAnonymousMethod()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] items)
                    {
                        Parallel.ForEach(items, {|CVP001:async delegate (int x) { await Task.Delay(x); }|});
                        Parallel.Invoke({|CVP001:async delegate { await Task.Delay(1); }|});
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_AsyncVoidMethodGroup()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] items)
                    {
                        Parallel.ForEach(items, {|CVP001:Process|});
                        Parallel.Invoke(Work, {|CVP001:WorkAsync|});
                    }

                    async void Process(int x) => await Task.Delay(x);
                    void Work() { }
                    async void WorkAsync() => await Task.Delay(1);
                }
                """);
        }

        [Fact]
        public async Task Flags_ExpressionLambdaWhoseTaskIsDropped()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] items)
                    {
                        Parallel.ForEach(items, {|CVP001:x => Task.Delay(x)|});
                        Parallel.For(0, 10, {|CVP001:i => LoadAsync(i)|});
                        Parallel.Invoke({|CVP001:() => PingAsync()|});
                    }

                    static Task<string> LoadAsync(int i) => Task.FromResult("");
                    static ValueTask PingAsync() => default;
                }
                """);
        }

        [Fact]
        public async Task Flags_EveryForEachOverload()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    void M(List<int> items, ParallelOptions options)
                    {
                        Parallel.ForEach(items, options, {|CVP001:async x => await Task.Delay(x)|});
                        Parallel.ForEach(items, {|CVP001:async (x, state) => await Task.Delay(x)|});
                        Parallel.ForEach(items, options, {|CVP001:async (x, state) => await Task.Delay(x)|});
                        Parallel.ForEach(items, {|CVP001:async (x, state, index) => await Task.Delay(x)|});
                        Parallel.ForEach(items, options, {|CVP001:async (x, state, index) => await Task.Delay(x)|});
                        Parallel.ForEach(Partitioner.Create(items), {|CVP001:async x => await Task.Delay(x)|});
                        Parallel.ForEach(Partitioner.Create(items), options, {|CVP001:async (x, state) => await Task.Delay(x)|});
                        Parallel.ForEach(Partitioner.Create(items, true), {|CVP001:async (x, state, index) => await Task.Delay(x)|});
                        Parallel.ForEach(items, () => 0, (x, state, local) => local + x, {|CVP001:async local => await Task.Delay(local)|});
                        Parallel.ForEach(items, options, () => 0, (x, state, index, local) => local, {|CVP001:async local => await Task.Delay(local)|});
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_EveryForOverload()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    void M(long n, ParallelOptions options)
                    {
                        Parallel.For(0, 10, options, {|CVP001:async i => await Task.Delay(i)|});
                        Parallel.For(0, 10, {|CVP001:async (i, state) => await Task.Delay(i)|});
                        Parallel.For(0, 10, options, {|CVP001:async (i, state) => await Task.Delay(i)|});
                        Parallel.For(0L, n, {|CVP001:async i => await Task.Delay(1)|});
                        Parallel.For(0L, n, options, {|CVP001:async (i, state) => await Task.Delay(1)|});
                        Parallel.For(0, 10, () => 0, (i, state, local) => local + i, {|CVP001:async local => await Task.Delay(local)|});
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_InvokeWithOptions_AndForAllAfterOtherOperators()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] items, ParallelOptions options)
                    {
                        Parallel.Invoke(options, {|CVP001:async () => await Task.Delay(1)|});
                        items.AsParallel().WithDegreeOfParallelism(2).Where(x => x > 0).ForAll({|CVP001:async x => await Task.Delay(x)|});
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_UsingStaticAndExplicitDelegateCreation()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;
                using static System.Threading.Tasks.Parallel;

                class C
                {
                    void M(int[] items)
                    {
                        ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        System.Threading.Tasks.Parallel.ForEach(items, new Action<int>({|CVP001:async x => await Task.Delay(x)|}));
                        System.Threading.Tasks.Parallel.ForEach(items, (Action<int>)({|CVP001:async x => await Task.Delay(x)|}));
                    }
                }
                """);
        }

        // ---- Does not flag ----------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_ForEachAsyncAndForAsyncWithAsyncBodies()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    async Task M(int[] items)
                    {
                        await Parallel.ForEachAsync(items, async (x, ct) => await Task.Delay(x, ct));
                        await Parallel.ForAsync(0, 10, async (i, ct) => await Task.Delay(i, ct));
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SynchronousLambdas()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] items)
                    {
                        Parallel.ForEach(items, x => Console.WriteLine(x));
                        Parallel.For(0, 10, i => { Console.WriteLine(i); });
                        Parallel.Invoke(() => Console.WriteLine(1), Work);
                        items.AsParallel().ForAll(x => Console.WriteLine(x));
                        Parallel.ForEach(items, delegate (int x) { Console.WriteLine(x); });
                    }

                    void Work() { }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_LambdasReturningNonTaskValues()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] items)
                    {
                        Parallel.ForEach(items, x => Compute(x));
                        Parallel.For(0, 10, () => Task.CompletedTask, (i, state, local) => local, local => { });
                        Parallel.ForEach(items, x => { _ = Task.Delay(x); });
                    }

                    static int Compute(int x) => x * x;
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserParallelType()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                namespace MyCompany
                {
                    static class Parallel
                    {
                        public static void ForEach<T>(IEnumerable<T> source, Action<T> body) { }
                        public static void For(int from, int to, Action<int> body) { }
                        public static void Invoke(params Action[] actions) { }
                    }

                    class C
                    {
                        void M(int[] items)
                        {
                            Parallel.ForEach(items, async x => await Task.Delay(x));
                            Parallel.For(0, 10, async i => await Task.Delay(i));
                            Parallel.Invoke(async () => await Task.Delay(1));
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_AsyncDelegatesElsewhere()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(int[] items)
                    {
                        await Task.Run(async () => await Task.Delay(1));
                        await Task.WhenAll(items.Select(async x => await Task.Delay(x)));
                        Action<int> body = x => Console.WriteLine(x);
                        Parallel.ForEach(items, body);
                        _ = nameof(Parallel.ForEach);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_IncompleteCodeDoesNotThrow()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;

                    class C
                    {
                        void M(int[] items)
                        {
                            Parallel.ForEach(items, async x =>
                        }
                    }
                    """,
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }

        // ---- Fixes ------------------------------------------------------------------------------

        [Fact]
        public async Task Fix_ForEachInAsyncMethod_UsesForEachAsync()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(List<string> items)
                    {
                        Parallel.ForEach(items, {|CVP001:async item =>
                        {
                            await Task.Delay(item.Length);
                        }|});
                    }
                }
                """, """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(List<string> items)
                    {
                        await Parallel.ForEachAsync(items, async (item, cancellationToken) =>
                        {
                            await Task.Delay(item.Length);
                        });
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ForEachKeepsParallelOptions_AndMakesPrivateMethodAsync()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    public void Start(List<string> items)
                    {
                        Download(items);
                    }

                    private void Download(List<string> items)
                    {
                        var options = new ParallelOptions { MaxDegreeOfParallelism = 4 };
                        Parallel.ForEach(items, options, {|CVP001:async item => await Task.Delay(item.Length)|});
                    }
                }
                """, """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    public void Start(List<string> items)
                    {
                        Download(items);
                    }

                    private async Task Download(List<string> items)
                    {
                        var options = new ParallelOptions { MaxDegreeOfParallelism = 4 };
                        await Parallel.ForEachAsync(items, options, async (item, cancellationToken) => await Task.Delay(item.Length));
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_TokenNameAvoidsNamesInScope()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] items, CancellationToken cancellationToken)
                    {
                        Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x, cancellationToken)|});
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] items, CancellationToken cancellationToken)
                    {
                        await Parallel.ForEachAsync(items, async (x, cancellationToken1) => await Task.Delay(x, cancellationToken));
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ExpressionLambdaWhoseTaskIsDropped_GetsAsyncAndAwait()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] cups)
                    {
                        Parallel.ForEach(cups, {|CVP001:cup => FillAsync(cup)|});
                    }

                    static Task<int> FillAsync(int cup) => Task.FromResult(cup);
                }
                """, """
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] cups)
                    {
                        await Parallel.ForEachAsync(cups, async (cup, cancellationToken) => await FillAsync(cup));
                    }

                    static Task<int> FillAsync(int cup) => Task.FromResult(cup);
                }
                """);
        }

        [Fact]
        public async Task Fix_TypedLambdaAndAnonymousMethod_GetTypedTokenParameter()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] items)
                    {
                        Parallel.ForEach(items, {|CVP001:async (int x) => await Task.Delay(x)|});
                        Parallel.ForEach(items, {|CVP001:async delegate (int x) { await Task.Delay(x); }|});
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] items)
                    {
                        await Parallel.ForEachAsync(items, async (int x, CancellationToken cancellationToken) => await Task.Delay(x));
                        await Parallel.ForEachAsync(items, async delegate (int x, CancellationToken cancellationToken) { await Task.Delay(x); });
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ForUsesForAsync_KeepingOptions()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int eggs, CancellationToken token)
                    {
                        var options = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = token };
                        Parallel.For(0, eggs, options, {|CVP001:async i =>
                        {
                            await Task.Delay(i);
                        }|});
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int eggs, CancellationToken token)
                    {
                        var options = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = token };
                        await Parallel.ForAsync(0, eggs, options, async (i, cancellationToken) =>
                        {
                            await Task.Delay(i);
                        });
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ForOverLongs_StatesTheLoopType()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(long count)
                    {
                        Parallel.For(0, count, {|CVP001:async i => await Task.Delay(1)|});
                    }
                }
                """, """
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(long count)
                    {
                        await Parallel.ForAsync<long>(0, count, async (i, cancellationToken) => await Task.Delay(1));
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_InvokeUsesWhenAll()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    async Task PrepareBreakfastAsync(Action setTable)
                    {
                        Parallel.Invoke(
                            {|CVP001:async () => await BoilWaterAsync()|},
                            {|CVP001:async () => { await ToastBreadAsync(); Butter(); }|},
                            {|CVP001:() => FryEggAsync()|},
                            () => Butter(),
                            setTable,
                            Butter);
                    }

                    static Task BoilWaterAsync() => Task.CompletedTask;
                    static Task ToastBreadAsync() => Task.CompletedTask;
                    static Task<int> FryEggAsync() => Task.FromResult(1);
                    static void Butter() { }
                }
                """, """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    async Task PrepareBreakfastAsync(Action setTable)
                    {
                        await Task.WhenAll(
                            BoilWaterAsync(),
                            Task.Run(async () => { await ToastBreadAsync(); Butter(); }),
                            FryEggAsync(),
                            Task.Run(() => Butter()),
                            Task.Run(setTable),
                            Task.Run(Butter));
                    }

                    static Task BoilWaterAsync() => Task.CompletedTask;
                    static Task ToastBreadAsync() => Task.CompletedTask;
                    static Task<int> FryEggAsync() => Task.FromResult(1);
                    static void Butter() { }
                }
                """);
        }

        [Fact]
        public async Task Fix_InvokeWithValueTaskLambda_UsesAsTask()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync()
                    {
                        Parallel.Invoke({|CVP001:() => PingAsync()|}, {|CVP001:async () => await PingAsync()|});
                    }

                    static ValueTask PingAsync() => default;
                }
                """, """
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync()
                    {
                        await Task.WhenAll(PingAsync().AsTask(), Task.Run(async () => await PingAsync()));
                    }

                    static ValueTask PingAsync() => default;
                }
                """);
        }

        [Fact]
        public async Task Fix_ForAllUsesWhenAllOverSelect()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    async Task WashAsync(List<string> dishes)
                    {
                        dishes.AsParallel().ForAll({|CVP001:async dish => await Task.Delay(dish.Length)|});
                        dishes.Where(d => d.Length > 0).AsParallel().ForAll({|CVP001:dish => ScrubAsync(dish)|});
                    }

                    static ValueTask ScrubAsync(string dish) => default;
                }
                """, """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    async Task WashAsync(List<string> dishes)
                    {
                        await Task.WhenAll(dishes.Select(async dish => await Task.Delay(dish.Length)));
                        await Task.WhenAll(dishes.Where(d => d.Length > 0).Select(async dish => await ScrubAsync(dish)));
                    }

                    static ValueTask ScrubAsync(string dish) => default;
                }
                """);
        }

        [Fact]
        public async Task Fix_LocalFunctionCalledAsStatement_BecomesAsyncTask()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class C
                {
                    public async Task RunAsync(int[] items)
                    {
                        Process();
                        await Task.Yield();

                        void Process()
                        {
                            Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        }
                    }
                }
                """, """
                using System.Threading.Tasks;

                class C
                {
                    public async Task RunAsync(int[] items)
                    {
                        Process();
                        await Task.Yield();

                        async Task Process()
                        {
                            await Parallel.ForEachAsync(items, async (x, cancellationToken) => await Task.Delay(x));
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_MainBecomesAsyncTask()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;

                    static class Program
                    {
                        static void Main(string[] args)
                        {
                            Parallel.ForEach(args, {|CVP001:async arg => await Task.Delay(arg.Length)|});
                        }
                    }
                    """,
                FixedCode = """
                    using System.Threading.Tasks;

                    static class Program
                    {
                        static async Task Main(string[] args)
                        {
                            await Parallel.ForEachAsync(args, async (arg, cancellationToken) => await Task.Delay(arg.Length));
                        }
                    }
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_IntMainBecomesAsyncTaskOfInt()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;

                    static class Program
                    {
                        static int Main()
                        {
                            Parallel.For(0, 3, {|CVP001:async i => await Task.Delay(i)|});
                            return 0;
                        }
                    }
                    """,
                FixedCode = """
                    using System.Threading.Tasks;

                    static class Program
                    {
                        static async Task<int> Main()
                        {
                            await Parallel.ForAsync(0, 3, async (i, cancellationToken) => await Task.Delay(i));
                            return 0;
                        }
                    }
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_TopLevelStatements_OnlyAddAwait()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;

                    var items = new[] { 1, 2, 3 };
                    Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                    """,
                FixedCode = """
                    using System.Threading.Tasks;

                    var items = new[] { 1, 2, 3 };
                    await Parallel.ForEachAsync(items, async (x, cancellationToken) => await Task.Delay(x));
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_InsideAsyncLambda_OnlyAddsAwait()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    Func<int[], Task> Run => async items =>
                    {
                        Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                    };
                }
                """, """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    Func<int[], Task> Run => async items =>
                    {
                        await Parallel.ForEachAsync(items, async (x, cancellationToken) => await Task.Delay(x));
                    };
                }
                """);
        }

        [Fact]
        public async Task Fix_UnusedLoopStateGivesWayToTheToken()
        {
            var test = new Verify.Test
            {
                TestCode = """
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] items)
                    {
                        Parallel.ForEach(items, {|CVP001:async (x, state) => await Task.Delay(x)|});
                        Parallel.ForEach(items, {|CVP001:async (int x, ParallelLoopState state) => await Task.Delay(x)|});
                        Parallel.For(0, 10, {|CVP001:async (i, _) => await Task.Delay(i)|});
                    }
                }
                """,
                FixedCode = """
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] items)
                    {
                        await Parallel.ForEachAsync(items, async (x, cancellationToken) => await Task.Delay(x));
                        await Parallel.ForEachAsync(items, async (int x, CancellationToken cancellationToken) => await Task.Delay(x));
                        await Parallel.ForAsync(0, 10, async (i, cancellationToken) => await Task.Delay(i));
                    }
                }
                """,
            };

            // Fix All applies one equivalence key at a time: ForEachAsync first, then ForAsync.
            test.NumberOfFixAllIterations = 2;
            test.NumberOfFixAllInDocumentIterations = 2;
            test.NumberOfFixAllInProjectIterations = 2;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_ArrowBodiedPrivateMethod_BecomesAsyncTask()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class C
                {
                    public void Start(int[] items) => Toast(items);

                    private void Toast(int[] slices) => Parallel.ForEach(slices, {|CVP001:async slice => await Task.Delay(slice)|});
                }
                """, """
                using System.Threading.Tasks;

                class C
                {
                    public void Start(int[] items) => Toast(items);

                    private async Task Toast(int[] slices) => await Parallel.ForEachAsync(slices, async (slice, cancellationToken) => await Task.Delay(slice));
                }
                """);
        }

        [Fact]
        public async Task Fix_FullyQualifiedCallBesideAMemberNamedParallel()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                static class Combinators
                {
                    public static async Task<(T1, T2)> Parallel<T1, T2>(Task<T1> first, Task<T2> second)
                    {
                        System.Threading.Tasks.Parallel.Invoke({|CVP001:async () => await first|}, {|CVP001:async () => await second|});
                        return (first.Result, second.Result);
                    }
                }
                """, """
                using System.Threading.Tasks;

                static class Combinators
                {
                    public static async Task<(T1, T2)> Parallel<T1, T2>(Task<T1> first, Task<T2> second)
                    {
                        await Task.WhenAll(first, second);
                        return (first.Result, second.Result);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_InvokeLambdaThatAssignsAResult_RunsItAsATask()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class C
                {
                    async Task HandleAsync(string request)
                    {
                        var result = "";
                        Parallel.Invoke({|CVP001:async () => result = await ExecuteAsync(request)|});
                        await SendAsync(result);
                    }

                    static Task<string> ExecuteAsync(string request) => Task.FromResult(request);
                    static Task SendAsync(string result) => Task.CompletedTask;
                }
                """, """
                using System.Threading.Tasks;

                class C
                {
                    async Task HandleAsync(string request)
                    {
                        var result = "";
                        await Task.WhenAll(Task.Run(async () => result = await ExecuteAsync(request)));
                        await SendAsync(result);
                    }

                    static Task<string> ExecuteAsync(string request) => Task.FromResult(request);
                    static Task SendAsync(string result) => Task.CompletedTask;
                }
                """);
        }

        [Fact]
        public async Task Fix_UsingStaticParallel_AndNestedInAsyncExpressionLambda()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading.Tasks;
                using static System.Threading.Tasks.Parallel;

                class C
                {
                    async Task RunAsync(int[] items)
                    {
                        ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        Func<Task> later = async () => ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        await later();
                    }
                }
                """, """
                using System;
                using System.Threading.Tasks;
                using static System.Threading.Tasks.Parallel;

                class C
                {
                    async Task RunAsync(int[] items)
                    {
                        await ForEachAsync(items, async (x, cancellationToken) => await Task.Delay(x));
                        Func<Task> later = async () => await ForEachAsync(items, async (x, cancellationToken) => await Task.Delay(x));
                        await later();
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_PrivateMethodOfPartialClassCalledFromTheOtherPart()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(("A.cs", """
                using System.Threading.Tasks;

                partial class C
                {
                    private void Prepare(int[] items)
                    {
                        Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                    }
                }
                """));
            test.TestState.Sources.Add(("B.cs", """
                partial class C
                {
                    public void Start() { Prepare(new[] { 1 }); }
                }
                """));
            test.FixedState.Sources.Add(("A.cs", """
                using System.Threading.Tasks;

                partial class C
                {
                    private async Task Prepare(int[] items)
                    {
                        await Parallel.ForEachAsync(items, async (x, cancellationToken) => await Task.Delay(x));
                    }
                }
                """));
            test.FixedState.Sources.Add(("B.cs", """
                partial class C
                {
                    public void Start() { Prepare(new[] { 1 }); }
                }
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task NoFix_PrivateMethodOfPartialClassUsedAsDelegateInTheOtherPart()
        {
            var test = new Verify.Test();
            const string a = """
                using System.Threading.Tasks;

                partial class C
                {
                    private void Prepare()
                    {
                        Parallel.ForEach(new[] { 1 }, {|CVP001:async x => await Task.Delay(x)|});
                    }
                }
                """;
            const string b = """
                partial class C
                {
                    public System.Action Start => Prepare;
                }
                """;
            test.TestState.Sources.Add(("A.cs", a));
            test.TestState.Sources.Add(("B.cs", b));
            test.FixedState.Sources.Add(("A.cs", a));
            test.FixedState.Sources.Add(("B.cs", b));
            await test.RunAsync();
        }

        // ---- Fallbacks on older target frameworks ---------------------------------------------------

        [Fact]
        public async Task Fix_NetStandard20_ForEachFallsBackToWhenAll_AddingUsingLinq()
        {
            var test = new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.NetStandard20,
                TestCode = """
                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task RunAsync(List<string> items)
                        {
                            Parallel.ForEach(items, {|#0:async item => await Task.Delay(item.Length)|});
                        }
                    }
                    """,
                FixedCode = """
                    using System.Collections.Generic;
                    using System.Linq;
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task RunAsync(List<string> items)
                        {
                            await Task.WhenAll(items.Select(async item => await Task.Delay(item.Length)));
                        }
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic(RuleIds.AsyncDelegateInParallelLoop).WithLocation(0)
                .WithArguments("Parallel.ForEach", "Task.WhenAll").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_Net472_CSharp73_MainBecomesAsync_WithWhenAllFallback()
        {
            var test = new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.Net472,
                LanguageVersion = LanguageVersion.CSharp7_3,
                TestCode = """
                    using System.Threading.Tasks;

                    static class Program
                    {
                        static void Main()
                        {
                            var items = new[] { 1, 2, 3 };
                            Parallel.ForEach(items, {|CVP001:x => Task.Delay(x)|});
                        }
                    }
                    """,
                FixedCode = """
                    using System.Linq;
                    using System.Threading.Tasks;

                    static class Program
                    {
                        static async Task Main()
                        {
                            var items = new[] { 1, 2, 3 };
                            await Task.WhenAll(items.Select(x => Task.Delay(x)));
                        }
                    }
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task Fix_Net60_ForWithConstantBoundsFallsBackToRange_ForEachKeepsForEachAsync()
        {
            var test = new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.Net60,
                TestCode = """
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task RunAsync(int[] items)
                        {
                            Parallel.For(1, 4, {|#0:async i => await Task.Delay(i)|});
                            Parallel.For(0, 10, {|CVP001:async i => await Task.Delay(i)|});
                            Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        }
                    }
                    """,
                FixedCode = """
                    using System.Linq;
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task RunAsync(int[] items)
                        {
                            await Task.WhenAll(Enumerable.Range(1, 4 - 1).Select(async i => await Task.Delay(i)));
                            await Task.WhenAll(Enumerable.Range(0, 10).Select(async i => await Task.Delay(i)));
                            await Parallel.ForEachAsync(items, async (x, cancellationToken) => await Task.Delay(x));
                        }
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic(RuleIds.AsyncDelegateInParallelLoop).WithLocation(0)
                .WithArguments("Parallel.For", "Task.WhenAll").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            test.NumberOfFixAllIterations = 2;
            test.NumberOfFixAllInDocumentIterations = 2;
            test.NumberOfFixAllInProjectIterations = 2;
            await test.RunAsync();
        }

        [Fact]
        public async Task NoFix_Net472_WhenOptionsWouldBeLostOrBoundsAreUnknown()
        {
            const string source = """
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task RunAsync(int[] items, int count, ParallelOptions options)
                        {
                            Parallel.ForEach(items, options, {|CVP001:async x => await Task.Delay(x)|});
                            Parallel.For(0, count, {|CVP001:async i => await Task.Delay(i)|});
                            Parallel.For(5, 1, {|CVP001:async i => await Task.Delay(i)|});
                        }
                    }
                    """;
            var test = new Verify.Test { ReferenceAssemblies = ReferenceSets.Net472, TestCode = source, FixedCode = source };
            await test.RunAsync();
        }

        // ---- No fix -------------------------------------------------------------------------------

        [Fact]
        public async Task NoFix_PublicOrProtectedSynchronousMethod()
        {
            await Verify.VerifyNoFixAsync("""
                using System.Threading.Tasks;

                class C
                {
                    public void Run(int[] items) => Process(items);

                    protected void Process(int[] items)
                    {
                        Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_PrivateMethodUsedAsDelegateOrAwaitedResultOrUnreferenced()
        {
            await Verify.VerifyNoFixAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    public Action Start => Process;

                    private void Process()
                    {
                        Parallel.ForEach(new[] { 1 }, {|CVP001:async x => await Task.Delay(x)|});
                    }

                    private void NeverCalled()
                    {
                        Parallel.ForEach(new[] { 1 }, {|CVP001:async x => await Task.Delay(x)|});
                    }

                    private void Handler(object sender, EventArgs e)
                    {
                        Parallel.ForEach(new[] { 1 }, {|CVP001:async x => await Task.Delay(x)|});
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_UsedLoopStateIndexPartitionerOrThreadLocalState()
        {
            await Verify.VerifyNoFixAsync("""
                using System.Collections.Concurrent;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] items)
                    {
                        Parallel.ForEach(items, {|CVP001:async (x, state) => { await Task.Delay(x); state.Stop(); }|});
                        Parallel.ForEach(items, {|CVP001:async (x, state, index) => await Task.Delay(x)|});
                        Parallel.For(0, 10, {|CVP001:async (i, state) => { if (state.ShouldExitCurrentIteration) return; await Task.Delay(i); }|});
                        Parallel.ForEach(Partitioner.Create(items), {|CVP001:async x => await Task.Delay(x)|});
                        Parallel.ForEach(items, () => 0, (x, state, local) => local + x, {|CVP001:async local => await Task.Delay(local)|});
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_ResultUsedOrNotAStatement()
        {
            await Verify.VerifyNoFixAsync("""
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] items)
                    {
                        var result = Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        await Task.Yield();
                    }

                    ParallelLoopResult Run(int[] items) => Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                }
                """);
        }

        [Fact]
        public async Task NoFix_InvokeWithOptions_ForAllAfterOtherOperators_MethodGroups()
        {
            await Verify.VerifyNoFixAsync("""
                using System;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    async Task RunAsync(int[] items, ParallelOptions options)
                    {
                        Parallel.Invoke(options, {|CVP001:async () => await Task.Delay(1)|});
                        items.AsParallel().WithDegreeOfParallelism(2).ForAll({|CVP001:async x => await Task.Delay(x)|});
                        Parallel.ForEach(items, {|CVP001:Process|});
                        Parallel.Invoke({|CVP001:async () => await Task.Delay(1)|}, {|CVP001:WorkAsync|});
                        Parallel.ForEach(items, new Action<int>({|CVP001:async x => await Task.Delay(x)|}));
                    }

                    async void Process(int x) => await Task.Delay(x);
                    async void WorkAsync() => await Task.Delay(1);
                }
                """);
        }

        [Fact]
        public async Task NoFix_InsideLockOrNonAsyncLambda()
        {
            await Verify.VerifyNoFixAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    readonly object gate = new object();

                    async Task RunAsync(int[] items)
                    {
                        lock (gate)
                        {
                            Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        }

                        Action run = () =>
                        {
                            Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        };
                        await Task.Yield();
                        run();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_SourceThatIsAlsoAsyncEnumerable_OrMethodWithSpanLocal()
        {
            await Verify.VerifyNoFixAsync("""
                using System;
                using System.Collections;
                using System.Collections.Generic;
                using System.Threading;
                using System.Threading.Tasks;

                class Both : IEnumerable<int>, IAsyncEnumerable<int>
                {
                    public IEnumerator<int> GetEnumerator() => throw null!;
                    IEnumerator IEnumerable.GetEnumerator() => throw null!;
                    public IAsyncEnumerator<int> GetAsyncEnumerator(CancellationToken cancellationToken = default) => throw null!;
                }

                class C
                {
                    public void Start() => Run(new Both());

                    async Task RunAsync(Both items)
                    {
                        Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        await Task.Yield();
                    }

                    private void Run(Both items)
                    {
                        Span<int> buffer = stackalloc int[4];
                        buffer[0] = 1;
                        Parallel.ForEach(new[] { buffer[0] }, {|CVP001:async x => await Task.Delay(x)|});
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_MainBeforeCSharp71()
        {
            const string source = """
                    using System.Threading.Tasks;

                    static class Program
                    {
                        static void Main()
                        {
                            Parallel.ForEach(new[] { 1 }, {|CVP001:async x => await Task.Delay(x)|});
                        }
                    }
                    """;
            var test = new Verify.Test { LanguageVersion = LanguageVersion.CSharp7, TestCode = source, FixedCode = source };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        // ---- Fix All -------------------------------------------------------------------------------

        [Fact]
        public async Task FixAll_RewritesEveryLoopAndMakesEachMethodAsyncOnce()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    public void Start(List<int> cups, List<int> plates)
                    {
                        Prepare(cups, plates);
                    }

                    private void Prepare(List<int> cups, List<int> plates)
                    {
                        Parallel.ForEach(cups, {|CVP001:async cup => await Task.Delay(cup)|});
                        Parallel.ForEach(plates, {|CVP001:async plate =>
                        {
                            Parallel.ForEach(cups, {|CVP001:async cup => await Task.Delay(cup + plate)|});
                            await Task.Delay(plate);
                        }|});
                    }
                }
                """, """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class C
                {
                    public void Start(List<int> cups, List<int> plates)
                    {
                        Prepare(cups, plates);
                    }

                    private async Task Prepare(List<int> cups, List<int> plates)
                    {
                        await Parallel.ForEachAsync(cups, async (cup, cancellationToken) => await Task.Delay(cup));
                        await Parallel.ForEachAsync(plates, async (plate, cancellationToken) =>
                        {
                            await Parallel.ForEachAsync(cups, async (cup, cancellationToken1) => await Task.Delay(cup + plate));
                            await Task.Delay(plate);
                        });
                    }
                }
                """);
        }

        [Fact]
        public async Task FixAll_MixedShapesInOnePrivateMethod_MakeItAsyncOnce()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Linq;
                    using System.Threading.Tasks;

                    class C
                    {
                        public void Start(int[] cups) => Prepare(cups);

                        private void Prepare(int[] cups)
                        {
                            Parallel.ForEach(cups, {|CVP001:async cup => await Task.Delay(cup)|});
                            Parallel.Invoke({|CVP001:async () => await Task.Delay(1)|}, {|CVP001:async () => await Task.Delay(2)|});
                            cups.AsParallel().ForAll({|CVP001:async cup => await Task.Delay(cup)|});
                            Parallel.ForEach(cups, {|CVP001:cup => Task.Delay(cup)|});
                        }
                    }
                    """,
                FixedCode = """
                    using System.Linq;
                    using System.Threading.Tasks;

                    class C
                    {
                        public void Start(int[] cups) => Prepare(cups);

                        private async Task Prepare(int[] cups)
                        {
                            await Parallel.ForEachAsync(cups, async (cup, cancellationToken) => await Task.Delay(cup));
                            await Task.WhenAll(Task.Delay(1), Task.Delay(2));
                            await Task.WhenAll(cups.Select(async cup => await Task.Delay(cup)));
                            await Parallel.ForEachAsync(cups, async (cup, cancellationToken) => await Task.Delay(cup));
                        }
                    }
                    """,
            };
            test.NumberOfIncrementalIterations = 4;
            test.NumberOfFixAllIterations = 2;
            test.NumberOfFixAllInDocumentIterations = 2;
            test.NumberOfFixAllInProjectIterations = 2;
            await test.RunAsync();
        }

        [Fact]
        public async Task NoFix_StructInstanceMethod()
        {
            await Verify.VerifyNoFixAsync("""
                using System.Threading.Tasks;

                struct Counter
                {
                    int count;

                    public void Start() => Run(new[] { 1 });

                    private void Run(int[] items)
                    {
                        Parallel.ForEach(items, {|CVP001:async x => await Task.Delay(x)|});
                        count++;
                    }
                }
                """);
        }

        [Fact]
        public async Task FixAll_InvokeWithTwoAsyncLambdas_IsOneRewrite()
        {
            var test = new Verify.Test
            {
                TestCode = """
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task RunAsync()
                        {
                            Parallel.Invoke({|CVP001:async () => await Task.Delay(1)|}, {|CVP001:async () => await Task.Delay(2)|});
                            Parallel.Invoke({|CVP001:async () => await Task.Delay(3)|}, {|CVP001:async () => await Task.Delay(4)|});
                        }
                    }
                    """,
                FixedCode = """
                    using System.Threading.Tasks;

                    class C
                    {
                        async Task RunAsync()
                        {
                            await Task.WhenAll(Task.Delay(1), Task.Delay(2));
                            await Task.WhenAll(Task.Delay(3), Task.Delay(4));
                        }
                    }
                    """,
            };
            test.NumberOfIncrementalIterations = 2;
            await test.RunAsync();
        }
    }
}
