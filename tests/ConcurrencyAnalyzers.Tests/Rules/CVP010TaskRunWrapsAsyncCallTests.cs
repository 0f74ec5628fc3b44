using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP010TaskRunWrapsAsyncCallAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP010TaskRunWrapsAsyncCallCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP010TaskRunWrapsAsyncCallTests
    {
        private const string Kitchen = """
            class Kitchen
            {
                public Task BoilAsync(int cups) => Task.CompletedTask;
                public Task BoilAsync(int cups, CancellationToken token) => Task.CompletedTask;
                public Task<string> ToastAsync(int slices) => Task.FromResult("toast");
                public ValueTask<int> PourAsync(int cups) => new ValueTask<int>(cups);
                public Task<T> ServeAsync<T>(T dish) => Task.FromResult(dish);
                public static int Weigh() => 1;
            }

            static class KitchenExtensions
            {
                public static Task WashAsync(this Kitchen kitchen, int plates) => Task.CompletedTask;
            }
            """;

        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_TaskRunLambdaReturningAsyncCall_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen, int cups) => {|#0:Task.Run(() => kitchen.BoilAsync(cups))|};
                }
                {{Kitchen}}
                """,
                Verify.Diagnostic(RuleIds.TaskRunWrapsAsyncCall).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("Task.Run", "BoilAsync"));
        }

        [Fact]
        public async Task Flags_AsyncLambdaAwaitingTheCall()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> Run(Kitchen kitchen) => await {|CVP010:Task.Run(async () => await kitchen.ToastAsync(2))|};
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Flags_AsyncBlockLambdaAwaitingTheCall_WithConfigureAwait()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run(Kitchen kitchen)
                    {
                        await {|CVP010:Task.Run(async () => { await kitchen.BoilAsync(1).ConfigureAwait(false); })|};
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Flags_BlockLambdaReturningTheCall_InLocalFunction()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen)
                    {
                        return Local();

                        Task<string> Local() => {|CVP010:Task.Run(() => { return kitchen.ToastAsync(2); })|};
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Flags_StartNewUnwrap()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen) => {|#0:Task.Factory.StartNew(() => kitchen.BoilAsync(1)).Unwrap()|};
                    Task RunLong(Kitchen kitchen) => {|CVP010:Task.Factory.StartNew(async () => await kitchen.BoilAsync(1), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()|};
                }
                {{Kitchen}}
                """,
                Verify.Diagnostic(RuleIds.TaskRunWrapsAsyncCall).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("Task.Factory.StartNew(…).Unwrap()", "BoilAsync"));
        }

        [Fact]
        public async Task Flags_ValueTaskGenericAndExtensionCalls()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run(Kitchen kitchen)
                    {
                        await {|CVP010:Task.Run(async () => await kitchen.PourAsync(1))|};
                        await {|CVP010:Task.Run(() => kitchen.ServeAsync<string>("egg"))|};
                        await {|CVP010:Task.Run(() => kitchen.WashAsync(2))|};
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Flags_InsideLambda()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Func<Task> Run(Kitchen kitchen) => () => {|CVP010:Task.Run(() => kitchen.BoilAsync(1))|};
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Flags_ArgumentsWithBuiltInOperators()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen, int cups, bool extra) => {|CVP010:Task.Run(() => kitchen.BoilAsync(extra ? cups * 2 : -cups))|};
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Flags_NestedTaskRuns_EachOnceAtItsOwnCall()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Nested(Kitchen kitchen) => {|#0:Task.Run(() => {|#1:Task.Run(() => kitchen.BoilAsync(1))|})|};

                    Task InBlock(Kitchen kitchen) => Task.Run(async () =>
                    {
                        await {|#2:Task.Run(() => kitchen.BoilAsync(2))|};
                        Kitchen.Weigh();
                    });
                }
                {{Kitchen}}
                """,
                Verify.Diagnostic(RuleIds.TaskRunWrapsAsyncCall).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("Task.Run", "Run"),
                Verify.Diagnostic(RuleIds.TaskRunWrapsAsyncCall).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("Task.Run", "BoilAsync"),
                Verify.Diagnostic(RuleIds.TaskRunWrapsAsyncCall).WithLocation(2).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("Task.Run", "BoilAsync"));
        }

        [Fact]
        public async Task Flags_OnlyTheTaskRun_WhenTheCallInsideTakesALambda()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<Func<int>> Serve(Kitchen kitchen) => {|#0:Task.Run(() => kitchen.ServeAsync<Func<int>>(() => Kitchen.Weigh()))|};
                }
                {{Kitchen}}
                """,
                Verify.Diagnostic(RuleIds.TaskRunWrapsAsyncCall).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("Task.Run", "ServeAsync"));
        }

        [Fact]
        public async Task Flags_StartNewUnwrap_Once_InsideTaskRun_AndAsStaticCall()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Inside(Kitchen kitchen) => Task.Run(() => {|#0:Task.Factory.StartNew(() => kitchen.BoilAsync(1)).Unwrap()|});
                    Task Static(Kitchen kitchen) => {|#1:TaskExtensions.Unwrap(Task.Factory.StartNew(() => kitchen.BoilAsync(2)))|};
                }
                {{Kitchen}}
                """,
                Verify.Diagnostic(RuleIds.TaskRunWrapsAsyncCall).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("Task.Factory.StartNew(…).Unwrap()", "BoilAsync"),
                Verify.Diagnostic(RuleIds.TaskRunWrapsAsyncCall).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("Task.Factory.StartNew(…).Unwrap()", "BoilAsync"));
        }

        // A cast or 'new Func<Task>(…)' around the lambda is itself the delegate creation (an explicit one), not a conversion around it.
        [Fact]
        public async Task Flags_LambdaCastOrWrappedInDelegateCreation()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Cast(Kitchen kitchen) => {|CVP010:Task.Run((Func<Task>)(() => kitchen.BoilAsync(1)))|};
                    Task Created(Kitchen kitchen) => {|CVP010:Task.Run(new Func<Task>(() => kitchen.BoilAsync(2)))|};
                    Task Unwrapped(Kitchen kitchen) => {|CVP010:Task.Factory.StartNew((Func<Task>)(() => kitchen.BoilAsync(3))).Unwrap()|};
                }
                {{Kitchen}}
                """);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_BackgroundLoopStartedAndDiscarded_ReducedFromStackExchangeRedis()
        {
            // Nobody waits for a loop started with '_ = Task.Run(...)': the hop keeps its synchronous start off the caller.
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task WatchOvenAsync(int degrees) => Task.Delay(degrees);

                    void Start(int degrees)
                    {
                        _ = Task.Run(() => WatchOvenAsync(degrees));
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SynchronousWorkBeforeTheFirstAwait()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen) => Task.Run(async () =>
                    {
                        var cups = Kitchen.Weigh();
                        await kitchen.BoilAsync(cups);
                    });
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ArgumentComputedInsideTheLambda()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen) => Task.Run(() => kitchen.BoilAsync(Kitchen.Weigh()));
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ReceiverComputedInsideTheLambda()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Kitchen Open() => new Kitchen();
                    Task Run() => Task.Run(() => Open().BoilAsync(1));
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_TwoAwaits()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen) => Task.Run(async () =>
                    {
                        await kitchen.BoilAsync(1);
                        await kitchen.ToastAsync(2);
                    });
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_CpuWork()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<int> Run() => Task.Run(() => Kitchen.Weigh());
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SyncLambdaReturningValueTask()
        {
            // Task.Run<ValueTask<int>>: the result is a task of a ValueTask, a different problem, not a pointless hop.
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<ValueTask<int>> Run(Kitchen kitchen) => Task.Run(() => kitchen.PourAsync(1));
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_DelegateInvocation()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;

                class Morning
                {
                    private readonly Func<Task> _callback = () => Task.CompletedTask;
                    Task Run() => Task.Run(() => _callback());
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_RecursiveTrampoline()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                class Morning
                {
                    Task Loop(int n) => n == 0 ? Task.CompletedTask : Task.Run(() => Loop(n - 1));
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_StartNewOnOtherScheduler_OrAttachedToParent_OrWithoutUnwrap()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task OnScheduler(Kitchen kitchen, TaskScheduler scheduler) =>
                        Task.Factory.StartNew(() => kitchen.BoilAsync(1), CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();
                    Task Attached(Kitchen kitchen) =>
                        Task.Factory.StartNew(() => kitchen.BoilAsync(1), TaskCreationOptions.AttachedToParent).Unwrap();
                    Task<Task> NotUnwrapped(Kitchen kitchen) => Task.Factory.StartNew(() => kitchen.BoilAsync(1));
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_UserTypeNamedTask()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;

                namespace Kitchen
                {
                    class Task
                    {
                        public static Task Run(Func<System.Threading.Tasks.Task> work) => new Task();
                    }

                    class Morning
                    {
                        System.Threading.Tasks.Task BoilAsync() => System.Threading.Tasks.Task.CompletedTask;
                        Task Run() => Task.Run(() => BoilAsync());
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_OwnAsyncMethodInUiProgram()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Window
                {
                    async Task OnClick(Kitchen kitchen) => await Task.Run(() => kitchen.BoilAsync(1));
                }
                {{Kitchen}}
                namespace System.Windows.Threading { public class Dispatcher { } }
                """);
        }

        [Fact]
        public async Task Flags_LibraryAsyncMethodInUiProgram()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Window
                {
                    async Task<string> OnClick(string path) => await {|CVP010:Task.Run(() => File.ReadAllTextAsync(path))|};
                }

                namespace System.Windows.Threading { public class Dispatcher { } }
                """);
        }

        // ---- Fix -----------------------------------------------------------------------------

        [Fact]
        public async Task Fix_ReplacesTaskRunWithTheCall()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run(Kitchen kitchen, int cups)
                    {
                        await {|CVP010:Task.Run(() => kitchen.BoilAsync(cups))|}; // kettle on
                    }
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run(Kitchen kitchen, int cups)
                    {
                        await kitchen.BoilAsync(cups); // kettle on
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_KeepsOuterConfigureAwait_DropsInnerOne()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> Run(Kitchen kitchen)
                    {
                        return await {|CVP010:Task.Run(async () => await kitchen.ToastAsync(2).ConfigureAwait(false))|}.ConfigureAwait(false);
                    }
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> Run(Kitchen kitchen)
                    {
                        return await kitchen.ToastAsync(2).ConfigureAwait(false);
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_ReturnedTaskOfT_AndStartNewUnwrap()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<string> Toast(Kitchen kitchen) => {|CVP010:Task.Run(() => kitchen.ToastAsync(2))|};
                    Task Boil(Kitchen kitchen) => {|CVP010:Task.Factory.StartNew(async () => { await kitchen.BoilAsync(1); }).Unwrap()|};
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<string> Toast(Kitchen kitchen) => kitchen.ToastAsync(2);
                    Task Boil(Kitchen kitchen) => kitchen.BoilAsync(1);
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_ValueTask_AwaitedDirectly()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<int> Run(Kitchen kitchen) => await {|CVP010:Task.Run(async () => await kitchen.PourAsync(1))|}.ConfigureAwait(false);
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<int> Run(Kitchen kitchen) => await kitchen.PourAsync(1).ConfigureAwait(false);
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_ValueTask_WhereATaskIsNeeded_UsesAsTask()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<int> Run(Kitchen kitchen)
                    {
                        var pouring = {|CVP010:Task.Run(async () => await kitchen.PourAsync(1))|};
                        return pouring;
                    }
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<int> Run(Kitchen kitchen)
                    {
                        var pouring = kitchen.PourAsync(1).AsTask();
                        return pouring;
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_DiscardedResult_AwaitedAsStatement()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run(Kitchen kitchen)
                    {
                        await {|CVP010:Task.Run(async () => { await kitchen.ToastAsync(2); })|};
                    }
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run(Kitchen kitchen)
                    {
                        await kitchen.ToastAsync(2);
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_TokenAlsoPassedToTheCall()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen, CancellationToken token) => {|CVP010:Task.Run(() => kitchen.BoilAsync(1, token), token)|};
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen, CancellationToken token) => kitchen.BoilAsync(1, token);
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoFix_TokenOnlyGivenToTaskRun()
        {
            await Verify.VerifyNoFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen, CancellationToken token) => {|CVP010:Task.Run(() => kitchen.BoilAsync(1), token)|};
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoFix_ResultTypeWouldChange()
        {
            await Verify.VerifyNoFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(Kitchen kitchen)
                    {
                        var toasting = {|CVP010:Task.Run(async () => { await kitchen.ToastAsync(2); })|};
                        var pouring = {|CVP010:Task.Run(async () => { await kitchen.PourAsync(2); })|};
                        return Task.WhenAll(toasting, pouring);
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task FixAll_TwoInOneDocument()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run(Kitchen kitchen)
                    {
                        var kettle = {|CVP010:Task.Run(() => kitchen.BoilAsync(1))|};
                        var toaster = {|CVP010:Task.Run(() => kitchen.ToastAsync(2))|};
                        await Task.WhenAll(kettle, toaster);
                    }
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run(Kitchen kitchen)
                    {
                        var kettle = kitchen.BoilAsync(1);
                        var toaster = kitchen.ToastAsync(2);
                        await Task.WhenAll(kettle, toaster);
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_OnNetFramework472_StartNewUnwrap()
        {
            var test = new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.Net472,
                TestCode = """
                    using System.IO;
                    using System.Threading.Tasks;

                    class Morning
                    {
                        Task Copy(Stream from, Stream to) => {|CVP010:Task.Factory.StartNew(() => from.CopyToAsync(to)).Unwrap()|};
                    }
                    """,
                FixedCode = """
                    using System.IO;
                    using System.Threading.Tasks;

                    class Morning
                    {
                        Task Copy(Stream from, Stream to) => from.CopyToAsync(to);
                    }
                    """,
            };
            await test.RunAsync();
        }
    }
}
