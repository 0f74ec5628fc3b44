using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP012StartNewWithAsyncDelegateAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP012StartNewWithAsyncDelegateCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP012StartNewWithAsyncDelegateTests
    {
        private const string Kitchen = """
            static class Kitchen
            {
                public static Task BoilAsync() => Task.CompletedTask;
                public static Task<int> CountEggsAsync() => Task.FromResult(2);
                public static int Weigh() => 1;
            }
            """;

        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_StartNewAsyncLambdaAwaited_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run()
                    {
                        await {|#0:Task.Factory.StartNew(async () => await Kitchen.BoilAsync())|};
                    }
                }
                {{Kitchen}}
                """,
                Verify.Diagnostic(RuleIds.StartNewWithAsyncDelegate).WithLocation(0).WithArguments("Task.Factory.StartNew", "Task.Run"));
        }

        [Fact]
        public async Task Flags_StartNewReturnedAsTask_AddedToList_AndDiscarded()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Returned() => {|CVP012:Task.Factory.StartNew(async () => { await Kitchen.BoilAsync(); })|};

                    void Listed(List<Task> work)
                    {
                        work.Add({|CVP012:Task.Factory.StartNew(async delegate { await Kitchen.BoilAsync(); })|});
                        {|CVP012:Task.Factory.StartNew(async () => await Kitchen.CountEggsAsync())|};
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Flags_StartNewWithTaskReturningLambdaOrMethodGroup()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    Task Lambda() => {|CVP012:Task.Factory.StartNew(() => Kitchen.BoilAsync())|};
                    Task Group() => {|CVP012:Task.Factory.StartNew(Kitchen.BoilAsync)|};
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Flags_OwnFactory_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(TaskFactory factory) => {|#0:factory.StartNew(async () => await Kitchen.BoilAsync())|};
                }
                {{Kitchen}}
                """,
                Verify.Diagnostic(RuleIds.StartNewWithAsyncDelegate).WithLocation(0).WithArguments("TaskFactory.StartNew", "StartNew(…).Unwrap()"));
        }

        [Fact]
        public async Task Flags_VarLocal_WithoutFix()
        {
            await Verify.VerifyNoFixAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run()
                    {
                        var boiling = {|CVP012:Task.Factory.StartNew(async () => await Kitchen.BoilAsync())|};
                        await boiling;
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Flags_NewTaskWithAsyncLambdaOrAsyncVoidMethod_WithoutFix()
        {
            await Verify.VerifyNoFixAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    async void Boil() => await Kitchen.BoilAsync();

                    void Run()
                    {
                        var kettle = {|#0:new Task(async () => await Kitchen.BoilAsync())|};
                        var other = {|CVP012:new Task(Boil)|};
                        kettle.Start();
                        other.Start();
                    }
                }
                {{Kitchen}}
                """,
                Verify.Diagnostic(RuleIds.StartNewWithAsyncDelegate).WithLocation(0).WithArguments("new Task", "Task.Run"));
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_StartNewUnwrapped()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run() => Task.Factory.StartNew(async () => { Kitchen.Weigh(); await Kitchen.BoilAsync(); }).Unwrap();
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_StartNewAwaitedTwice_OrInnerTaskHandedOn()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Twice()
                    {
                        await await Task.Factory.StartNew(async () => await Kitchen.BoilAsync());
                        await (await Task.Factory.StartNew(async () => await Kitchen.BoilAsync()).ConfigureAwait(false)).ConfigureAwait(false);
                    }

                    async Task HandedOn()
                    {
                        var inner = await Task.Factory.StartNew(async () => await Kitchen.BoilAsync());
                        await inner;
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_KeptAsExplicitTaskOfTask()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    Task<Task> Start() => Task.Factory.StartNew(async () => await Kitchen.BoilAsync());

                    Task Run()
                    {
                        Task<Task> outer = Task.Factory.StartNew(async () => await Kitchen.BoilAsync());
                        return outer.Unwrap();
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SynchronousDelegates()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    Task<int> Weigh() => Task.Factory.StartNew(() => Kitchen.Weigh());
                    Task Cold() => new Task(() => Kitchen.Weigh());
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoDiagnostic_UserTypesNamedTaskAndTaskFactory()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;

                namespace Kitchen
                {
                    class TaskFactory
                    {
                        public T StartNew<T>(Func<T> work) => work();
                    }

                    class Task
                    {
                        public Task(Action work) { }
                        public static TaskFactory Factory { get; } = new TaskFactory();
                    }

                    class Morning
                    {
                        static System.Threading.Tasks.Task BoilAsync() => System.Threading.Tasks.Task.CompletedTask;

                        void Run()
                        {
                            Task.Factory.StartNew(async () => await BoilAsync());
                            new Task(async () => await BoilAsync());
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_OtherMethodsNamedStartNew_OrTakingAsyncLambdas()
        {
            await Verify.VerifyAnalyzerAsync($$"""
                using System;
                using System.Threading.Tasks;

                static class FactoryExtensions
                {
                    public static Task<Task> StartNew(this TaskFactory factory, Func<Task> work, int priority) => Task.FromResult(work());
                }

                class Morning
                {
                    Task<Task> Prioritised() => Task.Factory.StartNew(async () => await Kitchen.BoilAsync(), 1);
                    Task Run() => Task.Run(async () => await Kitchen.BoilAsync());
                }
                {{Kitchen}}
                """);
        }

        // ---- Fix -----------------------------------------------------------------------------

        [Fact]
        public async Task Fix_UseTaskRun_WhenAwaitedAsStatement()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run()
                    {
                        await {|CVP012:Task.Factory.StartNew(async () =>
                        {
                            await Kitchen.BoilAsync();
                        })|}.ConfigureAwait(false); // breakfast
                    }
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Run()
                    {
                        await Task.Run(async () =>
                        {
                            await Kitchen.BoilAsync();
                        }).ConfigureAwait(false); // breakfast
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_UseTaskRun_KeepsToken_AndTaskOfT()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Count(CancellationToken token) => {|CVP012:Task.Factory.StartNew(async () => await Kitchen.CountEggsAsync(), token)|};
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Count(CancellationToken token) => Task.Run(async () => await Kitchen.CountEggsAsync(), token);
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_AppendUnwrap_WhenOptionsOrSchedulerOrOwnFactory()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Long() => {|CVP012:Task.Factory.StartNew(async () => await Kitchen.BoilAsync(), TaskCreationOptions.LongRunning)|};
                    Task OnScheduler(TaskScheduler scheduler) => {|CVP012:Task.Factory.StartNew(async () => await Kitchen.BoilAsync(), CancellationToken.None, TaskCreationOptions.None, scheduler)|};
                    Task Own(TaskFactory factory) => {|CVP012:factory.StartNew(async () => await Kitchen.BoilAsync())|};
                }
                {{Kitchen}}
                """, $$"""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Long() => Task.Factory.StartNew(async () => await Kitchen.BoilAsync(), TaskCreationOptions.LongRunning).Unwrap();
                    Task OnScheduler(TaskScheduler scheduler) => Task.Factory.StartNew(async () => await Kitchen.BoilAsync(), CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();
                    Task Own(TaskFactory factory) => factory.StartNew(async () => await Kitchen.BoilAsync()).Unwrap();
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task NoFix_UnwrapNotInScope_OrValueUsedAsObject()
        {
            await Verify.VerifyNoFixAsync("""
                class Morning
                {
                    static System.Threading.Tasks.Task BoilAsync() => System.Threading.Tasks.Task.CompletedTask;

                    System.Threading.Tasks.Task Long() =>
                        {|CVP012:System.Threading.Tasks.Task.Factory.StartNew(async () => await BoilAsync(), System.Threading.Tasks.TaskCreationOptions.LongRunning)|};

                    object Boxed() => {|CVP012:System.Threading.Tasks.Task.Factory.StartNew(async () => await BoilAsync())|};
                }
                """);
        }

        [Fact]
        public async Task FixAll_TwoInOneDocument()
        {
            await Verify.VerifyCodeFixAsync($$"""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(List<Task> work)
                    {
                        work.Add({|CVP012:Task.Factory.StartNew(async () => await Kitchen.BoilAsync())|});
                        work.Add({|CVP012:Task.Factory.StartNew(async () => await Kitchen.CountEggsAsync())|});
                        return Task.WhenAll(work);
                    }
                }
                {{Kitchen}}
                """, $$"""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Run(List<Task> work)
                    {
                        work.Add(Task.Run(async () => await Kitchen.BoilAsync()));
                        work.Add(Task.Run(async () => await Kitchen.CountEggsAsync()));
                        return Task.WhenAll(work);
                    }
                }
                {{Kitchen}}
                """);
        }

        [Fact]
        public async Task Fix_OnNetStandard20()
        {
            var test = new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.NetStandard20,
                TestCode = """
                    using System.IO;
                    using System.Threading.Tasks;

                    class Morning
                    {
                        Task Copy(Stream from, Stream to) => {|CVP012:Task.Factory.StartNew(async () => await from.CopyToAsync(to))|};
                    }
                    """,
                FixedCode = """
                    using System.IO;
                    using System.Threading.Tasks;

                    class Morning
                    {
                        Task Copy(Stream from, Stream to) => Task.Run(async () => await from.CopyToAsync(to));
                    }
                    """,
            };
            await test.RunAsync();
        }
    }
}
