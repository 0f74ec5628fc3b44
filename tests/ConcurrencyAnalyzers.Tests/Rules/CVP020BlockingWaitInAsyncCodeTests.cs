using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP020BlockingWaitInAsyncCodeAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP020BlockingWaitInAsyncCodeCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP020BlockingWaitInAsyncCodeTests
    {
        private const string Usings = """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            """;

        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_ResultInAsyncMethod_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        await Task.Yield();
                        return {|#0:toast.Result|};
                    }
                }
                """,
                Verify.Diagnostic(RuleIds.BlockingWaitInAsyncCode).WithLocation(0).WithArguments(".Result", "await"));
        }

        [Fact]
        public async Task Flags_WaitInAsyncLambda()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    Func<Task> Eat(Task toast) => async () => { await Task.Yield(); {|CVP020:toast.Wait()|}; };
                }
                """);
        }

        [Fact]
        public async Task Flags_GetResultInAsyncLocalFunction()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    void Eat(Task<int> toast)
                    {
                        async Task<int> Local()
                        {
                            await Task.Yield();
                            return {|CVP020:toast.GetAwaiter().GetResult()|};
                        }

                        _ = Local();
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_ConfigureAwaitGetResult()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task toast)
                    {
                        await Task.Yield();
                        {|CVP020:toast.ConfigureAwait(false).GetAwaiter().GetResult()|};
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_ValueTaskResultAndGetResult()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async ValueTask<int> EatAsync(ValueTask<int> toast, ValueTask tea)
                    {
                        {|CVP020:tea.GetAwaiter().GetResult()|};
                        await Task.Yield();
                        return {|CVP020:toast.Result|};
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_WaitAllWaitAnyAndSemaphoreWait()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    readonly SemaphoreSlim table = new SemaphoreSlim(1);

                    async Task EatAsync(Task eggs, Task toast)
                    {
                        {|CVP020:Task.WaitAll(eggs, toast)|};
                        {|CVP020:Task.WaitAny(eggs, toast)|};
                        {|CVP020:table.Wait()|};
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_InGenericAsyncMethod()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<T> EatAsync<T>(Task<T> dish)
                    {
                        await Task.Yield();
                        return {|CVP020:dish.Result|};
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_AccessBeforeAwaitLaterInLoop()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task<int> toast)
                    {
                        for (var i = 0; i < 2; i++)
                        {
                            Console.WriteLine({|CVP020:toast.Result|});
                            await toast;
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_ResultAfterAwaitWhenReassigned()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Func<Task<int>> cook)
                    {
                        var toast = cook();
                        await toast;
                        toast = cook();
                        return {|CVP020:toast.Result|};
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_ResultAfterConditionalAwait()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast, bool hungry)
                    {
                        if (hungry)
                        {
                            await toast;
                        }

                        return {|CVP020:toast.Result|};
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_ResultInLoopReassignedAfterAwait()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task EatAsync(Func<Task<int>> cook)
                    {
                        var toast = cook();
                        await toast;
                        while (true)
                        {
                            Console.WriteLine({|CVP020:toast.Result|});
                            toast = cook();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_GuardOnOtherTask()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast, Task<int> eggs)
                    {
                        await Task.Yield();
                        if (eggs.IsCompleted)
                        {
                            return {|CVP020:toast.Result|};
                        }

                        return 0;
                    }
                }
                """);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_ResultInAsyncParallelLoopBody_IsCVP002s()
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
                            var heat = oven.Result;
                        });
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ResultInSyncMethod()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    int Eat(Task<int> toast) => toast.Result;
                    void Wait(Task toast) { toast.Wait(); Task.WaitAll(toast); }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_NonAsyncLambdaInsideAsyncMethod()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task<int> toast)
                    {
                        Func<int> later = () => toast.Result;
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ResultAfterAwait()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        await toast;
                        return toast.Result + toast.GetAwaiter().GetResult();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ResultAfterAwaitConfigureAwait()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        await toast.ConfigureAwait(false);
                        Console.WriteLine("toast is ready");
                        return toast.Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ResultAfterWhenAll()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Func<Task<int>> cook)
                    {
                        var eggs = cook();
                        var toast = cook();
                        await Task.WhenAll(eggs, toast);
                        return eggs.Result + toast.Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ResultAfterWhenAllOfArray()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> eggs, Task<int> toast)
                    {
                        await Task.WhenAll(new[] { eggs, toast }).ConfigureAwait(false);
                        return eggs.Result + toast.Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ResultAfterAwaitInSameLoopIteration()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task EatAsync(Func<Task<int>> cook)
                    {
                        var toast = cook();
                        for (var i = 0; i < 3; i++)
                        {
                            await toast;
                            Console.WriteLine(toast.Result);
                            toast = cook();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_OnlyTheBlockingWaitNotLaterReadsOfItsTasks()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> eggs, Task<int> toast, Task<int> tea)
                    {
                        await Task.Yield();
                        {|CVP020:Task.WaitAll(eggs, toast)|};
                        {|CVP020:tea.Wait()|};
                        return eggs.Result + toast.Result + tea.Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_ReadAfterWaitWithTimeout()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        await Task.Yield();
                        {|CVP020:toast.Wait(100)|};
                        return {|CVP020:toast.Result|};
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_GuardedByIsCompleted()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        await Task.Yield();
                        if (toast.IsCompletedSuccessfully)
                        {
                            return toast.Result;
                        }

                        if (toast.IsCompleted && toast.Result > 0)
                        {
                            return 1;
                        }

                        if (toast.Status == TaskStatus.RanToCompletion)
                        {
                            toast.Wait();
                        }

                        return toast.IsCompleted ? toast.GetAwaiter().GetResult() : await toast;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ElementsOfCollectionAfterWhenAll()
        {
            // Reduced from btcpayserver (GreenfieldStoreRatesConfigurationController): await Task.WhenAll(rateTasks.Values),
            // then foreach over the dictionary reading pair.Value.Result.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Dictionary<string, Task<int>> dishes, List<Task<int>> drinks)
                    {
                        await Task.WhenAll(dishes.Values);
                        await Task.WhenAll(drinks).ConfigureAwait(false);
                        var total = 0;
                        foreach (var dish in dishes)
                        {
                            total += dish.Value.Result;
                        }

                        foreach (var drink in drinks)
                        {
                            total += drink.Result;
                        }

                        return total + drinks[0].Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_ElementsOfCollectionNotAwaited()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(List<Task<int>> dishes, List<Task<int>> drinks)
                    {
                        await Task.WhenAll(drinks);
                        var total = 0;
                        foreach (var dish in dishes)
                        {
                            total += {|CVP020:dish.Result|};
                        }

                        return total + {|CVP020:dishes[0].Result|};
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_AfterTryAwaitCatch()
        {
            // Reduced from Jackett (BaseMetaIndexer): try { await t; } catch { log } then t.Result.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        try
                        {
                            await toast;
                        }
                        catch
                        {
                            Console.WriteLine(toast.Exception);
                        }

                        return toast.Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_AfterTryWhereAwaitIsNotFirst()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast, Action prepare)
                    {
                        try
                        {
                            prepare();
                            await toast;
                        }
                        catch
                        {
                        }

                        return {|CVP020:toast.Result|};
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_WinnerOfWhenAny()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast, CancellationToken cancellationToken)
                    {
                        if (await Task.WhenAny(toast, Task.Delay(200, cancellationToken)).ConfigureAwait(false) == toast)
                        {
                            return toast.Result;
                        }

                        return -1;
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_LoserOfWhenAny()
        {
            // Reduced from jellyfin (HappyEyeballs/HttpClientExtension): WhenAny returned one task and the
            // other one, possibly still running, is read with GetAwaiter().GetResult().
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast, Task<int> eggs)
                    {
                        if (await Task.WhenAny(toast, eggs) == toast)
                        {
                            if (toast.IsCompletedSuccessfully)
                            {
                                return toast.GetAwaiter().GetResult();
                            }

                            return {|CVP020:eggs.GetAwaiter().GetResult()|};
                        }

                        return eggs.IsCompletedSuccessfully ? eggs.Result : {|CVP020:toast.GetAwaiter().GetResult()|};
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_AfterEarlyExitGuard()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async ValueTask<int> EatAsync(ValueTask<int> toast)
                    {
                        await Task.Yield();
                        if (!toast.IsCompletedSuccessfully)
                        {
                            return -1;
                        }

                        return toast.Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_FromResultAndCompletedTask()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync()
                    {
                        Task.CompletedTask.Wait();
                        Task.CompletedTask.GetAwaiter().GetResult();
                        await Task.Yield();
                        return Task.FromResult(2).Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_AntecedentInsideContinueWith()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        return await toast.ContinueWith(async ante => { await Task.Yield(); return ante.Result * 2; }).Unwrap();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ZeroTimeoutPolls()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    readonly SemaphoreSlim table = new SemaphoreSlim(1);

                    async Task<bool> EatAsync(Task toast)
                    {
                        await Task.Yield();
                        return table.Wait(0) && toast.Wait(0);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_InNameOf()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Breakfast
                {
                    async Task<string> EatAsync(Task<int> toast)
                    {
                        await Task.Yield();
                        return nameof(toast.Result);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ApiExcludedInEditorConfig()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + """
                    class Breakfast
                    {
                        async Task<int> EatAsync(SemaphoreSlim table, Task<int> toast)
                        {
                            table.Wait();
                            await Task.Yield();
                            return {|CVP020:toast.Result|};
                        }
                    }
                    """,
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\nconcurrency_analyzers.CVP020.excluded_blocking_apis = M:System.Threading.SemaphoreSlim.Wait\n"));
            await test.RunAsync();
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserTask()
        {
            await Verify.VerifyAnalyzerAsync("""
                namespace Kitchen
                {
                    class Task
                    {
                        public int Result => 1;
                        public void Wait() { }
                        public static void WaitAll(params Task[] tasks) { }
                    }

                    class SemaphoreSlim { public void Wait() { } }

                    class Breakfast
                    {
                        async System.Threading.Tasks.Task EatAsync(Task toast, SemaphoreSlim table)
                        {
                            await System.Threading.Tasks.Task.Yield();
                            toast.Wait();
                            Task.WaitAll(toast);
                            table.Wait();
                            System.Console.WriteLine(toast.Result);
                        }
                    }
                }
                """);
        }

        // ---- Fixes ---------------------------------------------------------------------------

        [Fact]
        public async Task Fix_ResultBecomesAwait()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        var slices = {|CVP020:toast.Result|};
                        return slices;
                    }
                }
                """, Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        var slices = await toast;
                        return slices;
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ResultInMemberAccessIsParenthesized()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Func<Task<string>> brew)
                    {
                        await Task.Yield();
                        return {|CVP020:brew().Result|}.Length;
                    }
                }
                """, Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Func<Task<string>> brew)
                    {
                        await Task.Yield();
                        return (await brew()).Length;
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_WaitStatementBecomesAwait()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task toast)
                    {
                        // wait for the toast
                        {|CVP020:toast.Wait()|};
                    }
                }
                """, Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task toast)
                    {
                        // wait for the toast
                        await toast;
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_GetResultKeepsConfigureAwait()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast, Task tea)
                    {
                        {|CVP020:tea.GetAwaiter().GetResult()|};
                        return {|CVP020:toast.ConfigureAwait(false).GetAwaiter().GetResult()|};
                    }
                }
                """, Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast, Task tea)
                    {
                        await tea;
                        return await toast.ConfigureAwait(false);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_WaitAllBecomesWhenAll()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task eggs, Task toast)
                    {
                        {|CVP020:Task.WaitAll(eggs, toast)|};
                    }
                }
                """, Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task eggs, Task toast)
                    {
                        await Task.WhenAll(eggs, toast);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_WaitAnyStatementBecomesWhenAny()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task eggs, Task toast)
                    {
                        {|CVP020:Task.WaitAny(eggs, toast)|};
                    }
                }
                """, Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task eggs, Task toast)
                    {
                        await Task.WhenAny(eggs, toast);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_SemaphoreWaitBecomesWaitAsync()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    readonly SemaphoreSlim table = new SemaphoreSlim(1);

                    async Task<bool> EatAsync(CancellationToken cancellationToken)
                    {
                        {|CVP020:table.Wait(cancellationToken)|};
                        return {|CVP020:table.Wait(TimeSpan.FromSeconds(1))|};
                    }
                }
                """, Usings + """
                class Breakfast
                {
                    readonly SemaphoreSlim table = new SemaphoreSlim(1);

                    async Task<bool> EatAsync(CancellationToken cancellationToken)
                    {
                        await table.WaitAsync(cancellationToken);
                        return await table.WaitAsync(TimeSpan.FromSeconds(1));
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_TaskWaitWithTokenBecomesWaitAsync()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task toast, CancellationToken cancellationToken)
                    {
                        {|CVP020:toast.Wait(cancellationToken)|};
                    }
                }
                """, Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task toast, CancellationToken cancellationToken)
                    {
                        await toast.WaitAsync(cancellationToken);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ResultInExpressionBodiedAsyncLambda()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    Func<Task<int>> Eat(Task<int> toast) => async () => {|CVP020:toast.Result|} + 1;
                }
                """, Usings + """
                class Breakfast
                {
                    Func<Task<int>> Eat(Task<int> toast) => async () => await toast + 1;
                }
                """);
        }

        [Fact]
        public async Task Fix_KeepsConfigureAwaitFalseConvention()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        return {|CVP020:toast.Result|};
                    }
                }
                """, Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        return await toast.ConfigureAwait(false);
                    }
                }
                """);
        }

        // ---- No fix --------------------------------------------------------------------------

        [Fact]
        public async Task NoFix_WaitAnyResultUsed()
        {
            await Verify.VerifyNoFixAsync(Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task eggs, Task toast)
                    {
                        await Task.Yield();
                        return {|CVP020:Task.WaitAny(eggs, toast)|};
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_TaskWaitWithTimeout()
        {
            await Verify.VerifyNoFixAsync(Usings + """
                class Breakfast
                {
                    async Task<bool> EatAsync(Task toast)
                    {
                        await Task.Yield();
                        return {|CVP020:toast.Wait(1000)|} && {|CVP020:Task.WaitAll(new[] { toast }, 500)|};
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_InsideLock()
        {
            await Verify.VerifyNoFixAsync(Usings + """
                class Breakfast
                {
                    readonly object gate = new object();

                    async Task EatAsync(Task toast)
                    {
                        await Task.Yield();
                        lock (gate)
                        {
                            {|CVP020:toast.Wait()|};
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_ConditionalAccessResult()
        {
            await Verify.VerifyNoFixAsync(Usings + """
                class Breakfast
                {
                    async Task<int?> EatAsync(Task<int>? toast)
                    {
                        await Task.Yield();
                        return toast?{|CVP020:.Result|};
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_TaskWaitWithTokenBeforeNet6()
        {
            var source = Usings + """
                class Breakfast
                {
                    async Task EatAsync(Task toast, CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        {|CVP020:toast.Wait(cancellationToken)|};
                    }
                }
                """;
            await new Verify.Test { ReferenceAssemblies = ReferenceSets.NetStandard20, TestCode = source, FixedCode = source }.RunAsync();
        }

        [Fact]
        public async Task Fix_SemaphoreWaitOnNetStandard20()
        {
            var test = new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.NetStandard20,
                TestCode = Usings + """
                    class Breakfast
                    {
                        async Task EatAsync(SemaphoreSlim table, Task<int> toast)
                        {
                            {|CVP020:table.Wait()|};
                            Console.WriteLine({|CVP020:toast.Result|});
                        }
                    }
                    """,
                FixedCode = Usings + """
                    class Breakfast
                    {
                        async Task EatAsync(SemaphoreSlim table, Task<int> toast)
                        {
                            await table.WaitAsync();
                            Console.WriteLine(await toast);
                        }
                    }
                    """,

                // 'WaitAsync' and 'await' are distinct fix kinds: Fix All applies one kind per pass.
                NumberOfFixAllIterations = 2,
            };
            await test.RunAsync();
        }

        // ---- Fix All -------------------------------------------------------------------------

        [Fact]
        public async Task FixAll_FixesEveryWaitInDocument()
        {
            await new Verify.Test
            {
                TestCode = Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> eggs, Task<int> toast)
                    {
                        var e = {|CVP020:eggs.Result|};
                        var t = {|CVP020:toast.Result|};
                        return e + t;
                    }

                    async Task DrinkAsync(Task tea, Task coffee)
                    {
                        {|CVP020:tea.Wait()|};
                        {|CVP020:Task.WaitAll(tea, coffee)|};
                    }
                }
                """,
                FixedCode = Usings + """
                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> eggs, Task<int> toast)
                    {
                        var e = await eggs;
                        var t = await toast;
                        return e + t;
                    }

                    async Task DrinkAsync(Task tea, Task coffee)
                    {
                        await tea;
                        await Task.WhenAll(tea, coffee);
                    }
                }
                """,

                // Three diagnostics share the 'await' fix, one is 'WhenAll': Fix All applies one kind per pass.
                NumberOfFixAllIterations = 2,
            }.RunAsync();
        }
    }
}
