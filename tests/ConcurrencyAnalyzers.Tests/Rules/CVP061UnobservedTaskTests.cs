using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP061UnobservedTaskAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP061UnobservedTaskCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP061UnobservedTaskTests
    {
        private const string AsyncAdvice = "await it, or write '_ =' if fire-and-forget is really meant";
        private const string SyncAdvice = "write '_ =' to make the fire-and-forget explicit, or await it from async code";

        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_DroppedTaskInSyncMethod_WithMessage()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    void Start()
                    {
                        {|#0:BoilKettleAsync()|};
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source,
                Verify.Diagnostic(RuleIds.UnobservedTask).WithLocation(0).WithArguments("BoilKettleAsync", SyncAdvice));
        }

        [Fact]
        public async Task Flags_DroppedTaskInAsyncMethod_WithMessage()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    async Task StartAsync()
                    {
                        {|#0:BoilKettleAsync()|};
                        await Task.Delay(10);
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source,
                Verify.Diagnostic(RuleIds.UnobservedTask).WithLocation(0).WithArguments("BoilKettleAsync", AsyncAdvice));
        }

        [Fact]
        public async Task Flags_TaskOfT_ValueTask_ValueTaskOfT_AndStaticCalls()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task<int> CountEggsAsync() => Task.FromResult(2);
                    ValueTask ToastAsync() => default;
                    ValueTask<string> PourCoffeeAsync() => new ValueTask<string>("coffee");
                    void Start()
                    {
                        {|CVP061:CountEggsAsync()|};
                        {|CVP061:ToastAsync()|};
                        {|CVP061:PourCoffeeAsync()|};
                        {|CVP061:Task.Delay(10)|};
                        {|CVP061:Task.Run(() => 1 + 1)|};
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_ExtensionMethod()
        {
            const string source = """
                using System.Threading.Tasks;

                static class Breakfast
                {
                    static Task ServeAsync(this string dish) => Task.Delay(10);
                    static void Start()
                    {
                        {|CVP061:"eggs".ServeAsync()|};
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_ExpressionBodiedVoidMethodAndLocalFunction()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    void Start() => {|CVP061:BoilKettleAsync()|};
                    void Later()
                    {
                        void Go() => {|CVP061:BoilKettleAsync()|};
                        Go();
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_InsideAsyncLambdaBlock()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    Func<Task> Start() => async () =>
                    {
                        {|CVP061:BoilKettleAsync()|};
                        await Task.Delay(10);
                    };
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_ContinueWithAttachingAHandler_ReducedFromAsyncExAndRedis()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    int failures;

                    void Watch(Task boiling)
                    {
                        boiling.ContinueWith(t => Interlocked.Increment(ref failures), TaskContinuationOptions.OnlyOnFaulted);
                        boiling.ContinueWith(_ => Console.WriteLine("boiled"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ExplicitDiscard()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    void Start() { _ = BoilKettleAsync(); }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_AwaitedReturnedAssignedPassedOn()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    async Task AwaitedAsync() { await BoilKettleAsync(); }
                    Task Returned() { return BoilKettleAsync(); }
                    Task Assigned() { var t = BoilKettleAsync(); return t; }
                    void PassedOn(List<Task> all) { all.Add(BoilKettleAsync()); Track(BoilKettleAsync()); }
                    static void Track(Task t) { }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ConfiguredFireAndForgetMethod()
        {
            const string source = """
                using System.Threading.Tasks;

                namespace Home
                {
                    static class Background
                    {
                        public static Task Forget(this Task task) => task;
                        public static Task Launch(System.Func<Task> work) => Task.Run(work);
                    }

                    class Kitchen
                    {
                        void Start()
                        {
                            Task.Run(() => 1).Forget();
                            Background.Launch(() => Task.Delay(10));
                            {|CVP061:Task.Delay(10)|};
                        }
                    }
                }
                """;
            var test = new Verify.Test { TestCode = source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
                root = true

                [*.cs]
                concurrency_analyzers.CVP061.fire_and_forget_methods = M:Home.Background.Forget(System.Threading.Tasks.Task), M:Home.Background.Launch(System.Func{System.Threading.Tasks.Task})
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task NoDiagnostic_ConfiguredFireAndForgetType_GlobalKey()
        {
            const string source = """
                using System.Threading.Tasks;

                namespace Home
                {
                    static class Background
                    {
                        public static Task Forget(this Task task) => task;
                    }

                    class Kitchen
                    {
                        void Start() { Task.Delay(10).Forget(); }
                    }
                }
                """;
            var test = new Verify.Test { TestCode = source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
                root = true

                [*.cs]
                concurrency_analyzers.fire_and_forget_methods = T:Home.Background
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task NoDiagnostic_ConfiguredMethodWithSeveralParameters()
        {
            const string source = """
                using System.Threading.Tasks;

                namespace Home
                {
                    static class Background
                    {
                        public static Task Notify(int times, string message) => Task.CompletedTask;
                        public static Task Notify(string message) => Task.CompletedTask;
                    }

                    class Kitchen
                    {
                        void Start()
                        {
                            Background.Notify(2, "tea is ready");
                            {|CVP061:Background.Notify("toast is ready")|};
                        }
                    }
                }
                """;
            var test = new Verify.Test { TestCode = source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
                root = true

                [*.cs]
                concurrency_analyzers.CVP061.fire_and_forget_methods = M:Home.Background.Notify(System.Int32,System.String), T:Not.There
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task Flags_WhenOptionNamesAnotherMethod()
        {
            const string source = """
                using System.Threading.Tasks;

                namespace Home
                {
                    static class Background
                    {
                        public static Task Forget(this Task task) => task;
                        public static Task Other(this Task task) => task;
                    }

                    class Kitchen
                    {
                        void Start() { {|CVP061:Task.Delay(10).Forget()|}; }
                    }
                }
                """;
            var test = new Verify.Test { TestCode = source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
                root = true

                [*.cs]
                concurrency_analyzers.CVP061.fire_and_forget_methods = M:Home.Background.Other(System.Threading.Tasks.Task);M:Not.There
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task NoDiagnostic_ExpressionLambdaBody()
        {
            // A lambda's expression body is not a statement the user wrote (a parallel body dropping a task is CVP001's).
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    Action Start() => () => BoilKettleAsync();
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_GenericMethodWhoseTIsATask()
        {
            const string source = """
                using System.Collections.Concurrent;
                using System.Threading;
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task current = Task.CompletedTask;
                    readonly ConcurrentDictionary<string, Task> running = new();
                    void Replace(Task next)
                    {
                        Interlocked.Exchange(ref current, next);
                        running.GetOrAdd("kettle", next);
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_NonTaskResults()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Kitchen
                {
                    void Start(List<int> eggs, TaskCompletionSource<int> tcs)
                    {
                        eggs.Remove(1);
                        tcs.TrySetResult(1);
                    }
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
                    class Task { }
                    class ValueTask { }

                    class Kitchen
                    {
                        Task Boil() => new Task();
                        ValueTask Toast() => new ValueTask();
                        void Start() { Boil(); Toast(); }
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Fix ----------------------------------------------------------------------------

        [Fact]
        public async Task Fix_AsyncCode_Await()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    async Task StartAsync()
                    {
                        // put the kettle on
                        {|CVP061:BoilKettleAsync()|};
                        await Task.Delay(10);
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    async Task StartAsync()
                    {
                        // put the kettle on
                        await BoilKettleAsync();
                        await Task.Delay(10);
                    }
                }
                """;
            await new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = "CVP061.Await" }.RunAsync();
        }

        [Fact]
        public async Task Fix_AsyncCode_DiscardIsTheSecondChoice()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    async Task StartAsync()
                    {
                        {|CVP061:BoilKettleAsync()|};
                        await Task.Delay(10);
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    async Task StartAsync()
                    {
                        _ = BoilKettleAsync();
                        await Task.Delay(10);
                    }
                }
                """;
            await new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = "CVP061.Discard" }.RunAsync();
        }

        [Fact]
        public async Task Fix_SyncCode_Discard()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    void Start()
                    {
                        {|CVP061:BoilKettleAsync()|}; // kettle
                    }
                    void Later() => {|CVP061:BoilKettleAsync()|};
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    void Start()
                    {
                        _ = BoilKettleAsync(); // kettle
                    }
                    void Later() => _ = BoilKettleAsync();
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_SyncCode_OffersNoAwait()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    void Start() { {|CVP061:BoilKettleAsync()|}; }
                }
                """;
            await new Verify.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = "CVP061.Await" }.RunAsync();
        }

        [Fact]
        public async Task Fix_InsideLockInAsyncCode_DiscardOnly()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    readonly object gate = new object();
                    Task BoilKettleAsync() => Task.Delay(10);
                    async Task StartAsync()
                    {
                        lock (gate)
                        {
                            {|#0:BoilKettleAsync()|};
                        }
                        await Task.Delay(10);
                    }
                }
                """;
            await new Verify.Test
            {
                TestCode = source,
                FixedCode = source,
                CodeActionEquivalenceKey = "CVP061.Await",
                ExpectedDiagnostics = { Verify.Diagnostic(RuleIds.UnobservedTask).WithLocation(0).WithArguments("BoilKettleAsync", SyncAdvice) },
            }.RunAsync();
        }

        [Fact]
        public async Task NoFix_CSharp6_SyncCode()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() { return Task.Delay(10); }
                    void Start() { {|CVP061:BoilKettleAsync()|}; }
                }
                """;
            await new Verify.Test { TestCode = source, FixedCode = source, LanguageVersion = LanguageVersion.CSharp6 }.RunAsync();
        }

        [Fact]
        public async Task FixAll_AwaitsEveryDroppedTaskInDocument()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    Task ToastAsync() => Task.Delay(10);
                    async Task StartAsync()
                    {
                        {|CVP061:BoilKettleAsync()|};
                        {|CVP061:ToastAsync()|};
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    Task BoilKettleAsync() => Task.Delay(10);
                    Task ToastAsync() => Task.Delay(10);
                    async Task StartAsync()
                    {
                        await BoilKettleAsync();
                        await ToastAsync();
                    }
                }
                """;
            await new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = "CVP061.Await" }.RunAsync();
        }

        [Fact]
        public async Task Fix_OnNetFramework()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    void Start() { {|CVP061:Task.Delay(10)|}; }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    void Start() { _ = Task.Delay(10); }
                }
                """;
            await new Verify.Test { TestCode = source, FixedCode = fixedSource, ReferenceAssemblies = Verifiers.ReferenceSets.Net472 }.RunAsync();
        }
    }
}
