using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP021ThreadSleepInAsyncCodeAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP021ThreadSleepInAsyncCodeCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP021ThreadSleepInAsyncCodeTests
    {
        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_SleepInAsyncMethod_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync()
                    {
                        await Task.Yield();
                        {|#0:Thread.Sleep(100)|};
                    }
                }
                """,
                Verify.Diagnostic(RuleIds.ThreadSleepInAsyncCode).WithLocation(0).WithArguments("Thread.Sleep"));
        }

        [Fact]
        public async Task Flags_SleepInAsyncLambda()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Func<Task> Boil() => async () => { {|CVP021:Thread.Sleep(100)|}; await Task.Yield(); };
                }
                """);
        }

        [Fact]
        public async Task Flags_SleepInAsyncAnonymousMethod()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Func<Task> Boil() => async delegate { {|CVP021:Thread.Sleep(100)|}; await Task.Yield(); };
                }
                """);
        }

        [Fact]
        public async Task Flags_SleepInAsyncLocalFunction()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Task Boil()
                    {
                        return Local();

                        async Task Local()
                        {
                            {|CVP021:Thread.Sleep(100)|};
                            await Task.Yield();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_SleepInAsyncValueTaskGenericMethod_WithTimeSpan()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async ValueTask<T> BoilAsync<T>(T water)
                    {
                        {|CVP021:Thread.Sleep(TimeSpan.FromSeconds(1))|};
                        await Task.Yield();
                        return water;
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_SleepThroughUsingStatic_InAsyncVoidEventHandler()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;
                using static System.Threading.Thread;

                class Kettle
                {
                    async void OnClick(object sender, EventArgs e)
                    {
                        {|CVP021:Sleep(100)|};
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_SleepInAsyncLambdaInsideSyncMethod()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Task Boil() => Task.Run(async () => { {|CVP021:Thread.Sleep(100)|}; await Task.Yield(); });
                }
                """);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_SleepInAsyncParallelLoopBody_IsCVP002s()
        {
            // Blocking inside a parallel loop's body is reported once, by CVP002, even when the body is async.
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class Kitchen
                {
                    async Task CookAsync(string[] recipes, Task<int> oven)
                    {
                        await Parallel.ForEachAsync(recipes, async (recipe, cancellationToken) =>
                        {
                            await Task.Yield();
                            Thread.Sleep(10);
                        });
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SleepInSyncMethod()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;

                class Kettle
                {
                    void Boil() => Thread.Sleep(100);
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SleepInSyncLambdaInsideAsyncMethod()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync()
                    {
                        Action wait = () => Thread.Sleep(100);
                        wait();
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SleepInSyncLocalFunctionInsideAsyncMethod()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync()
                    {
                        Wait();
                        await Task.Yield();

                        static void Wait() => Thread.Sleep(100);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SleepZero()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync()
                    {
                        Thread.Sleep(0);
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_UserTypeNamedThread()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;

                namespace Kitchen
                {
                    static class Thread
                    {
                        public static void Sleep(int milliseconds) { }
                    }

                    class Kettle
                    {
                        async Task BoilAsync()
                        {
                            Thread.Sleep(100);
                            await Task.Yield();
                        }
                    }
                }
                """);
        }

        // ---- Fix -----------------------------------------------------------------------------

        [Fact]
        public async Task Fix_UsesTaskDelay_WithoutToken()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync()
                    {
                        {|CVP021:Thread.Sleep(100)|}; // the water boils
                        await Task.Yield();
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync()
                    {
                        await Task.Delay(100); // the water boils
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_PassesTheOnlyTokenInScope()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync(TimeSpan time, CancellationToken cancellationToken)
                    {
                        {|CVP021:Thread.Sleep(time)|};
                        await Task.Yield();
                    }
                }
                """, """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync(TimeSpan time, CancellationToken cancellationToken)
                    {
                        await Task.Delay(time, cancellationToken);
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_PassesOuterTokenIntoAsyncLambda()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Func<Task> Boil(CancellationToken token) => async () =>
                    {
                        {|CVP021:Thread.Sleep(millisecondsTimeout: 100)|};
                        await Task.Yield();
                    };
                }
                """, """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Func<Task> Boil(CancellationToken token) => async () =>
                    {
                        await Task.Delay(100, token);
                        await Task.Yield();
                    };
                }
                """);
        }

        [Fact]
        public async Task Fix_PassesNoToken_WhenTwoAreInScope()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync(CancellationToken first, CancellationToken second)
                    {
                        {|CVP021:Thread.Sleep(100)|};
                        await Task.Yield();
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync(CancellationToken first, CancellationToken second)
                    {
                        await Task.Delay(100);
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_UsesLocalToken_DeclaredBefore_IgnoresOneDeclaredAfter()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync(CancellationTokenSource source)
                    {
                        var token = source.Token;
                        {|CVP021:Thread.Sleep(100)|};
                        var later = token;
                        await Task.Delay(1, later);
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async Task BoilAsync(CancellationTokenSource source)
                    {
                        var token = source.Token;
                        await Task.Delay(100, token);
                        var later = token;
                        await Task.Delay(1, later);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_StaticLambdaCannotReadOuterToken()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Func<Task> Boil(CancellationToken token) => static async () =>
                    {
                        {|CVP021:Thread.Sleep(100)|};
                        await Task.Yield();
                    };
                }
                """, """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Func<Task> Boil(CancellationToken token) => static async () =>
                    {
                        await Task.Delay(100);
                        await Task.Yield();
                    };
                }
                """);
        }

        [Fact]
        public async Task Fix_ExpressionBodiedAsyncLambda()
        {
            await Verify.VerifyCodeFixAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Func<Task> Boil() => async () => {|CVP021:Thread.Sleep(100)|};
                }
                """, """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    Func<Task> Boil() => async () => await Task.Delay(100);
                }
                """);
        }

        [Fact]
        public async Task Fix_AddsTasksUsing()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;

                class Kettle
                {
                    async System.Threading.Tasks.ValueTask BoilAsync()
                    {
                        {|CVP021:Thread.Sleep(100)|};
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    async System.Threading.Tasks.ValueTask BoilAsync()
                    {
                        await Task.Delay(100);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_QualifiesTask_WhenUserTypeNamedTaskIsInScope()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;

                namespace Kitchen
                {
                    class Task { }

                    class Kettle
                    {
                        async System.Threading.Tasks.Task BoilAsync()
                        {
                            {|CVP021:Thread.Sleep(100)|};
                        }
                    }
                }
                """, """
                using System.Threading;

                namespace Kitchen
                {
                    class Task { }

                    class Kettle
                    {
                        async System.Threading.Tasks.Task BoilAsync()
                        {
                            await System.Threading.Tasks.Task.Delay(100);
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_InsideLock()
        {
            await Verify.VerifyNoFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Kettle
                {
                    private readonly object _gate = new object();

                    async Task BoilAsync()
                    {
                        lock (_gate)
                        {
                            {|CVP021:Thread.Sleep(100)|};
                        }

                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task FixAll_TwoSleepsInOneDocument()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task BoilAsync(CancellationToken ct)
                    {
                        {|CVP021:Thread.Sleep(100)|};
                        await Task.Yield();
                    }

                    async Task ToastAsync()
                    {
                        {|CVP021:Thread.Sleep(200)|};
                        await Task.Yield();
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task BoilAsync(CancellationToken ct)
                    {
                        await Task.Delay(100, ct);
                        await Task.Yield();
                    }

                    async Task ToastAsync()
                    {
                        await Task.Delay(200);
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_OnNetFramework472()
        {
            var test = new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.Net472,
                TestCode = """
                    using System.Threading;
                    using System.Threading.Tasks;

                    class Kettle
                    {
                        async Task BoilAsync(CancellationToken ct)
                        {
                            {|CVP021:Thread.Sleep(100)|};
                            await Task.Yield();
                        }
                    }
                    """,
                FixedCode = """
                    using System.Threading;
                    using System.Threading.Tasks;

                    class Kettle
                    {
                        async Task BoilAsync(CancellationToken ct)
                        {
                            await Task.Delay(100, ct);
                            await Task.Yield();
                        }
                    }
                    """,
            };
            await test.RunAsync();
        }
    }
}
