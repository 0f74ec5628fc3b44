using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP030SequentialIndependentAwaitsAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP030SequentialIndependentAwaitsCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP030SequentialIndependentAwaitsTests
    {
        private const string Kitchen = """

            class Kettle { public Task<int> BoilAsync() => Task.FromResult(100); public Task<int> BoilAsync(int litres) => Task.FromResult(litres); }
            class Toaster { public Task<string> ToastAsync() => Task.FromResult("toast"); public Task<string> ToastAsync(string bread) => Task.FromResult(bread); }
            class Pan { public Task<string> FryAsync(int eggs) => Task.FromResult("eggs"); public ValueTask<string> FryFastAsync() => new ValueTask<string>("eggs"); }
            """;

        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_DeclarationsOnDifferentFields_WithMessage()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    readonly Kettle kettle = new();
                    readonly Toaster toaster = new();

                    async Task<string> PrepareBreakfastAsync()
                    {
                        {|#0:var water = await kettle.BoilAsync();|}
                        {|#1:string toast = await toaster.ToastAsync();|}
                        return toast + water;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source,
                Verify.Diagnostic(RuleIds.SequentialIndependentAwaits).WithLocation(0).WithLocation(1).WithArguments("2"));
        }

        [Fact]
        public async Task Flags_ThreeAssignmentsOnLocalsAndParameters()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Pan pan, int eggs)
                    {
                        var toaster = new Toaster();
                        int water;
                        string toast, fried;
                        {|#0:water = await kettle.BoilAsync(2);|}
                        {|#1:toast = await toaster.ToastAsync("rye");|}
                        {|#2:fried = await pan.FryAsync(eggs);|}
                        return toast + fried + water;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source,
                Verify.Diagnostic(RuleIds.SequentialIndependentAwaits).WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("3"));
        }

        [Fact]
        public async Task Flags_StaticCallsOnDifferentTypes()
        {
            const string source = """
                using System.Threading.Tasks;

                static class Bathroom { public static Task<bool> ShowerAsync() => Task.FromResult(true); }
                static class Kitchen2 { public static Task<int> BrewAsync(int cups) => Task.FromResult(cups); }

                class Morning
                {
                    async Task<int> StartAsync()
                    {
                        {|CVP030:var clean = await Bathroom.ShowerAsync();|}
                        var coffee = await Kitchen2.BrewAsync(2);
                        return clean ? coffee : 0;
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_WithConfigureAwait()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster)
                    {
                        {|CVP030:var water = await kettle.BoilAsync().ConfigureAwait(false);|}
                        var toast = await toaster.ToastAsync().ConfigureAwait(false);
                        return toast + water;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_ValueTask_WithoutFix()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Pan pan, Toaster toaster)
                    {
                        {|CVP030:var eggs = await pan.FryFastAsync();|}
                        var toast = await toaster.ToastAsync();
                        return toast + eggs;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task Flags_RunRestartsAfterADependency()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster, Pan pan)
                    {
                        var water = await kettle.BoilAsync();
                        {|CVP030:var eggs = await pan.FryAsync(water);|}
                        var toast = await toaster.ToastAsync();
                        return toast + eggs;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_DataDependencyThroughLocal()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Pan pan)
                    {
                        var water = await kettle.BoilAsync();
                        var eggs = await pan.FryAsync(water);
                        return eggs;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ReceiverWrittenByEarlierAwait()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    Task<Pan> GetPanAsync() => Task.FromResult(new Pan());
                    async Task<string> PrepareAsync(Kettle kettle)
                    {
                        var pan = await kettle.BoilAsync() > 0 ? new Pan() : null;
                        var pan2 = await GetPanAsync();
                        var eggs = await pan2.FryAsync(2);
                        return eggs;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_SameReceiverObject()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    readonly Kettle kettle = new();
                    async Task<int> BoilTwiceAsync()
                    {
                        var first = await kettle.BoilAsync(1);
                        var second = await kettle.BoilAsync(2);
                        return first + second;
                    }

                    async Task<int> ToastTwiceAsync(Toaster toaster)
                    {
                        var a = await toaster.ToastAsync("a");
                        var b = await toaster.ToastAsync("b");
                        return a.Length + b.Length;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_MembersOfTheSameLocalObject()
        {
            // ctx.Users and ctx.Orders belong to one context object (a DbContext allows no concurrent use).
            const string source = """
                using System.Threading.Tasks;

                class Set { public Task<int> CountAsync() => Task.FromResult(1); }
                class Context { public Set Users { get; } = new(); public Set Orders { get; } = new(); }

                class Report
                {
                    async Task<int> CountAsync(Context ctx)
                    {
                        var users = await ctx.Users.CountAsync();
                        var orders = await ctx.Orders.CountAsync();
                        return users + orders;
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_SameObjectPassedAsArgument()
        {
            // Two query helpers handed one context object use it at the same time once overlapped.
            const string source = """
                using System.Threading.Tasks;

                class Context { }
                static class UserQueries { public static Task<int> CountAsync(Context ctx) => Task.FromResult(1); }
                static class OrderQueries { public static Task<int> CountAsync(Context ctx, string status) => Task.FromResult(2); }

                class Report
                {
                    readonly Context context = new();
                    async Task<int> CountAsync()
                    {
                        var users = await UserQueries.CountAsync(context);
                        var orders = await OrderQueries.CountAsync(context, "open");
                        return users + orders;
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ImplicitThisAndStaticMethodsOfTheSameType()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    Task<int> WashAsync() => Task.FromResult(1);
                    Task<int> DressAsync() => Task.FromResult(2);
                    static Task<int> CountSocksAsync() => Task.FromResult(2);
                    static Task<int> CountShoesAsync() => Task.FromResult(2);

                    async Task<int> GetReadyAsync()
                    {
                        var washed = await WashAsync();
                        var dressed = await this.DressAsync();
                        var socks = await CountSocksAsync();
                        var shoes = await Morning.CountShoesAsync();
                        return washed + dressed + socks + shoes;
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_AwaitsSeparatedByOtherStatements()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster)
                    {
                        var water = await kettle.BoilAsync();
                        Console.WriteLine("kettle done");
                        var toast = await toaster.ToastAsync();
                        return toast + water;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_AwaitUsingAndAwaitForeach()
        {
            const string source = """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Door : IAsyncDisposable { public ValueTask DisposeAsync() => default; }

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster, IAsyncEnumerable<int> eggs)
                    {
                        var water = await kettle.BoilAsync();
                        await using var door = new Door();
                        var toast = await toaster.ToastAsync();
                        await foreach (var egg in eggs) { }
                        var toast2 = await toaster.ToastAsync("rye");
                        return toast + water + toast2;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_NonTaskAwaitables()
        {
            const string source = """
                using System.Runtime.CompilerServices;
                using System.Threading.Tasks;

                class Alarm
                {
                    public Alarm GetAwaiter() => this;
                    public bool IsCompleted => true;
                    public int GetResult() => 1;
                    public void OnCompleted(System.Action a) => a();
                }
                sealed class Clock : INotifyCompletion
                {
                    public Clock GetAwaiter() => this;
                    public bool IsCompleted => true;
                    public int GetResult() => 7;
                    public void OnCompleted(System.Action a) => a();
                }

                class Morning
                {
                    Clock Ring() => new Clock();
                    async Task<int> WakeAsync(Kettle kettle)
                    {
                        var hour = await Ring();
                        var water = await kettle.BoilAsync();
                        await Task.Yield();
                        return hour + water;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_AwaitsWithoutResult()
        {
            // Commands whose order is usually the point: save, then publish.
            const string source = """
                using System.Threading.Tasks;

                class Store { public Task SaveAsync() => Task.CompletedTask; }
                class Bus { public Task PublishAsync(string e) => Task.CompletedTask; }

                class Orders
                {
                    async Task PlaceAsync(Store store, Bus bus)
                    {
                        await store.SaveAsync();
                        await bus.PublishAsync("placed");
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ArgumentsThatRunCode()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    int counter;
                    int Next() => ++counter;
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster, Pan pan)
                    {
                        var water = await kettle.BoilAsync(Next());
                        var eggs = await pan.FryAsync(counter++);
                        var toast = await toaster.ToastAsync(string.Concat("a", "b"));
                        return toast + eggs + water;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ReceiverFromCall()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    Kettle GetKettle() => new Kettle();
                    Toaster GetToaster() => new Toaster();
                    async Task<string> PrepareAsync()
                    {
                        var water = await GetKettle().BoilAsync();
                        var toast = await GetToaster().ToastAsync();
                        return toast + water;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserTask()
        {
            const string source = """
                namespace Home
                {
                    class Task<T>
                    {
                        public System.Runtime.CompilerServices.TaskAwaiter<T> GetAwaiter() => System.Threading.Tasks.Task.FromResult(default(T)!).GetAwaiter();
                    }

                    class Kettle { public Task<int> BoilAsync() => new Task<int>(); }
                    class Toaster { public Task<string> ToastAsync() => new Task<string>(); }

                    class Morning
                    {
                        async System.Threading.Tasks.Task<string> PrepareAsync(Kettle kettle, Toaster toaster)
                        {
                            var water = await kettle.BoilAsync();
                            var toast = await toaster.ToastAsync();
                            return toast + water;
                        }
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Fix ----------------------------------------------------------------------------

        [Fact]
        public async Task Fix_StartsAllThenWhenAll_KeepsDeclarationsAndOrder()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    readonly Kettle kettle = new();
                    readonly Toaster toaster = new();

                    async Task<string> PrepareBreakfastAsync(Pan pan, int eggs)
                    {
                        // breakfast
                        {|CVP030:var water = await kettle.BoilAsync();|}
                        string toast = await toaster.ToastAsync(); // crunchy
                        object fried = await pan.FryAsync(eggs);
                        return toast + water + fried;
                    }
                }
                """ + Kitchen;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Morning
                {
                    readonly Kettle kettle = new();
                    readonly Toaster toaster = new();

                    async Task<string> PrepareBreakfastAsync(Pan pan, int eggs)
                    {
                        // breakfast
                        var waterTask = kettle.BoilAsync();
                        var toastTask = toaster.ToastAsync();
                        var friedTask = pan.FryAsync(eggs);
                        await Task.WhenAll(waterTask, toastTask, friedTask);
                        var water = await waterTask;
                        string toast = await toastTask; // crunchy
                        object fried = await friedTask;
                        return toast + water + fried;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_AssignmentsAndConfigureAwait()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster)
                    {
                        int water;
                        string toast;
                        {|CVP030:water = await kettle.BoilAsync().ConfigureAwait(false);|}
                        toast = await toaster.ToastAsync().ConfigureAwait(false);
                        return toast + water;
                    }
                }
                """ + Kitchen;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster)
                    {
                        int water;
                        string toast;
                        var waterTask = kettle.BoilAsync();
                        var toastTask = toaster.ToastAsync();
                        await Task.WhenAll(waterTask, toastTask).ConfigureAwait(false);
                        water = await waterTask.ConfigureAwait(false);
                        toast = await toastTask.ConfigureAwait(false);
                        return toast + water;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_ChoosesNonCollidingTaskNames()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster, int waterTask)
                    {
                        {|CVP030:var water = await kettle.BoilAsync();|}
                        var toast = await toaster.ToastAsync();
                        return toast + water + waterTask;
                    }
                }
                """ + Kitchen;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster, int waterTask)
                    {
                        var waterTask2 = kettle.BoilAsync();
                        var toastTask = toaster.ToastAsync();
                        await Task.WhenAll(waterTask2, toastTask);
                        var water = await waterTask2;
                        var toast = await toastTask;
                        return toast + water + waterTask;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_AddsUsingWhenMissing()
        {
            const string source = """
                class Kettle { public System.Threading.Tasks.Task<int> BoilAsync() => System.Threading.Tasks.Task.FromResult(1); }
                class Toaster { public System.Threading.Tasks.Task<int> ToastAsync() => System.Threading.Tasks.Task.FromResult(2); }

                class Morning
                {
                    async System.Threading.Tasks.Task<int> PrepareAsync(Kettle kettle, Toaster toaster)
                    {
                        {|CVP030:var water = await kettle.BoilAsync();|}
                        var toast = await toaster.ToastAsync();
                        return toast + water;
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Kettle { public System.Threading.Tasks.Task<int> BoilAsync() => System.Threading.Tasks.Task.FromResult(1); }
                class Toaster { public System.Threading.Tasks.Task<int> ToastAsync() => System.Threading.Tasks.Task.FromResult(2); }

                class Morning
                {
                    async System.Threading.Tasks.Task<int> PrepareAsync(Kettle kettle, Toaster toaster)
                    {
                        var waterTask = kettle.BoilAsync();
                        var toastTask = toaster.ToastAsync();
                        await Task.WhenAll(waterTask, toastTask);
                        var water = await waterTask;
                        var toast = await toastTask;
                        return toast + water;
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task NoFix_MixedConfigureAwait()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster)
                    {
                        {|CVP030:var water = await kettle.BoilAsync().ConfigureAwait(false);|}
                        var toast = await toaster.ToastAsync();
                        return toast + water;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task FixAll_TwoRunsInOneDocument()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> BreakfastAsync(Kettle kettle, Toaster toaster)
                    {
                        {|CVP030:var water = await kettle.BoilAsync();|}
                        var toast = await toaster.ToastAsync();
                        return toast + water;
                    }

                    async Task<string> LunchAsync(Kettle kettle, Pan pan)
                    {
                        {|CVP030:var soup = await kettle.BoilAsync(3);|}
                        var eggs = await pan.FryAsync(2);
                        return eggs + soup;
                    }
                }
                """ + Kitchen;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> BreakfastAsync(Kettle kettle, Toaster toaster)
                    {
                        var waterTask = kettle.BoilAsync();
                        var toastTask = toaster.ToastAsync();
                        await Task.WhenAll(waterTask, toastTask);
                        var water = await waterTask;
                        var toast = await toastTask;
                        return toast + water;
                    }

                    async Task<string> LunchAsync(Kettle kettle, Pan pan)
                    {
                        var soupTask = kettle.BoilAsync(3);
                        var eggsTask = pan.FryAsync(2);
                        await Task.WhenAll(soupTask, eggsTask);
                        var soup = await soupTask;
                        var eggs = await eggsTask;
                        return eggs + soup;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_OnNetFramework()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster)
                    {
                        {|CVP030:var water = await kettle.BoilAsync();|}
                        var toast = await toaster.ToastAsync();
                        return toast + water;
                    }
                }

                class Kettle { public Task<int> BoilAsync() => Task.FromResult(100); }
                class Toaster { public Task<string> ToastAsync() => Task.FromResult("toast"); }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> PrepareAsync(Kettle kettle, Toaster toaster)
                    {
                        var waterTask = kettle.BoilAsync();
                        var toastTask = toaster.ToastAsync();
                        await Task.WhenAll(waterTask, toastTask);
                        var water = await waterTask;
                        var toast = await toastTask;
                        return toast + water;
                    }
                }

                class Kettle { public Task<int> BoilAsync() => Task.FromResult(100); }
                class Toaster { public Task<string> ToastAsync() => Task.FromResult("toast"); }
                """;
            await new Verify.Test { TestCode = source, FixedCode = fixedSource, ReferenceAssemblies = Verifiers.ReferenceSets.Net472 }.RunAsync();
        }

        // ---- The fix's shape keeps results in order and lets exceptions surface ------------------

        [Fact]
        public async Task FixedShape_KeepsResultOrder_AndSurfacesFirstException()
        {
            var finished = new List<string>();
            async Task<string> Slow(string name, int ms)
            {
                await Task.Delay(ms);
                finished.Add(name);
                return name;
            }

            // The fix's output shape: start all, WhenAll, read each in the original order.
            var waterTask = Slow("water", 60);
            var toastTask = Slow("toast", 1);
            await Task.WhenAll(waterTask, toastTask);
            var water = await waterTask;
            var toast = await toastTask;
            Assert.Equal(new[] { "water", "toast" }, new[] { water, toast });
            Assert.Equal(new[] { "toast", "water" }, finished); // they overlapped

            async Task<int> Fail(string message, int ms)
            {
                await Task.Delay(ms);
                throw new InvalidOperationException(message);
            }

            var first = Fail("kettle broke", 40);
            var second = Fail("toaster broke", 1);
            var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => Task.WhenAll(first, second));
            Assert.Equal("kettle broke", thrown.Message); // the first statement's exception, as before the fix
        }
    }
}
