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
    }
}
