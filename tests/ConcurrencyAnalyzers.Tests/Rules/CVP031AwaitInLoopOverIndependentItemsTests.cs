using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP031AwaitInLoopOverIndependentItemsAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP031AwaitInLoopOverIndependentItemsCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP031AwaitInLoopOverIndependentItemsTests
    {
        private const string Kitchen = """

            class Egg
            {
                public Task BoilAsync() => Task.Delay(1);
                public Task<string> CrackAsync(int seconds) => Task.FromResult("cracked");
                public Egg Shell => this;
            }
            static class Stove
            {
                public static Task HeatAsync(string pan) => Task.Delay(1);
                public static Task<int> TemperatureAsync(string pan, System.Threading.CancellationToken ct) => Task.FromResult(1);
                public static ValueTask<int> QuickAsync(string pan) => new ValueTask<int>(1);
                public static Task<int> WithPotAsync(string pan, Pot pot) => Task.FromResult(1);
            }
            class Pot { public Task<int> CookAsync(string dish) => Task.FromResult(1); }
            """;

        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_AwaitOnLoopVariable_WithMessage()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(List<Egg> eggs)
                    {
                        {|#0:foreach|} (var egg in eggs)
                        {
                            await egg.BoilAsync();
                        }
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source,
                Verify.Diagnostic(RuleIds.AwaitInLoopOverIndependentItems).WithLocation(0).WithArguments("BoilAsync"));
        }

        [Fact]
        public async Task Flags_StaticCallWithItemFirst_NoBraces_ConfigureAwait()
        {
            const string source = """
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task HeatAllAsync(string[] pans, CancellationToken ct)
                    {
                        {|CVP031:foreach|} (var pan in pans)
                            await Stove.TemperatureAsync(pan, ct).ConfigureAwait(false);
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_ResultAddedToLocalList()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<List<string>> CrackAllAsync(IEnumerable<Egg> eggs, int seconds)
                    {
                        var cracked = new List<string>();
                        {|CVP031:foreach|} (var egg in eggs)
                        {
                            var result = await egg.CrackAsync(seconds);
                            cracked.Add(result);
                        }
                        var direct = new List<string>();
                        {|CVP031:foreach|} (var egg in eggs)
                        {
                            direct.Add(await egg.Shell.CrackAsync(3));
                        }
                        cracked.AddRange(direct);
                        return cracked;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_LoopCarriedState()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<int> CrackAllAsync(List<Egg> eggs)
                    {
                        var seconds = 1;
                        foreach (var egg in eggs)
                        {
                            await egg.CrackAsync(seconds);
                            seconds++;
                        }
                        return seconds;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_EarlyExit()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<string?> FirstAsync(List<Egg> eggs)
                    {
                        foreach (var egg in eggs)
                        {
                            var r = await egg.CrackAsync(1);
                            if (r.Length > 0) break;
                        }
                        foreach (var egg in eggs)
                        {
                            return await egg.CrackAsync(1);
                        }
                        return null;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_AwaitForeach()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(IAsyncEnumerable<Egg> eggs)
                    {
                        await foreach (var egg in eggs)
                        {
                            await egg.BoilAsync();
                        }
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ForLoops()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(Egg[] eggs)
                    {
                        for (var i = 0; i < eggs.Length; i++)
                        {
                            await eggs[i].BoilAsync();
                        }
                        for (var i = 1; i < eggs.Length; i++)
                        {
                            await eggs[i - 1].BoilAsync();
                        }
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_SharedReceiverObject()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    readonly Pot pot = new();
                    Task<int> ServeAsync(string dish) => Task.FromResult(1);

                    async Task CookAllAsync(List<string> dishes, Pot other)
                    {
                        foreach (var dish in dishes) { await pot.CookAsync(dish); }
                        foreach (var dish in dishes) { await other.CookAsync(dish); }
                        foreach (var dish in dishes) { await ServeAsync(dish); }
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_OrderOfSideEffectsOnOneResource()
        {
            // Appending lines to one file, or passing one shared object along: the order (or exclusivity) matters.
            const string source = """
                using System.Collections.Generic;
                using System.IO;
                using System.Threading.Tasks;

                class Diary
                {
                    async Task WriteAsync(string path, List<string> lines, Pot pot)
                    {
                        foreach (var line in lines) { await File.AppendAllTextAsync(path, line); }
                        foreach (var line in lines) { await Stove.WithPotAsync(line, pot); }
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_SequenceOfServices()
        {
            // Found in real code: schema migrators, seeders and handlers behind an interface run in order on purpose.
            const string source = """
                using System.Collections.Generic;
                using System.Threading;
                using System.Threading.Tasks;

                interface ISchemaMigrator { Task MigrateAsync(); }
                abstract class Seeder { public abstract Task SeedAsync(CancellationToken ct); }

                class Migrations
                {
                    readonly IEnumerable<ISchemaMigrator> migrators = new List<ISchemaMigrator>();
                    async Task RunAsync(List<Seeder> seeders, CancellationToken ct)
                    {
                        foreach (var migrator in migrators) { await migrator.MigrateAsync(); }
                        foreach (var seeder in seeders) { await seeder.SeedAsync(ct); }
                    }
                    async Task RunAllAsync<T>(List<T> steps) where T : Migrations
                    {
                        foreach (var step in steps) { await step.StepAsync(); }
                    }
                    Task StepAsync() => Task.CompletedTask;
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_DisposeAsyncLoop()
        {
            // Found in real code: disposal loops; the order of disposal often matters.
            const string source = """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                sealed class Connection : IAsyncDisposable { public ValueTask DisposeAsync() => default; }

                class Pool
                {
                    async Task CloseAsync(List<Connection> connections)
                    {
                        foreach (var connection in connections) { await connection.DisposeAsync(); }
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ArgumentsThatRunCode()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int seconds;
                    int Next() => ++seconds;
                    async Task CrackAllAsync(List<Egg> eggs)
                    {
                        foreach (var egg in eggs) { await egg.CrackAsync(Next()); }
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ListDeclaredElsewhereOrUsedByTheCall()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    readonly List<string> results = new();
                    async Task CrackAllAsync(List<Egg> eggs)
                    {
                        foreach (var egg in eggs)
                        {
                            var r = await egg.CrackAsync(1);
                            results.Add(r);
                        }
                    }
                }
                """ + Kitchen;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserTask()
        {
            const string source = """
                using System.Collections.Generic;

                namespace Home
                {
                    class Task
                    {
                        public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => System.Threading.Tasks.Task.CompletedTask.GetAwaiter();
                    }

                    class Egg { public Task BoilAsync() => new Task(); }

                    class Breakfast
                    {
                        async System.Threading.Tasks.Task BoilAllAsync(List<Egg> eggs)
                        {
                            foreach (var egg in eggs) { await egg.BoilAsync(); }
                        }
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Fix ----------------------------------------------------------------------------

        [Fact]
        public async Task Fix_AwaitLoop_WhenAllSelect_AddsLinqUsing()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(List<Egg> eggs)
                    {
                        {|CVP031:foreach|} (var egg in eggs)
                        {
                            await egg.BoilAsync();
                        }
                    }
                }
                """ + Kitchen;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(List<Egg> eggs)
                    {
                        await Task.WhenAll(eggs.Select(egg => egg.BoilAsync()));
                    }
                }
                """ + Kitchen;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_KeepsConfigureAwait()
        {
            const string source = """
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task HeatAllAsync(string[] pans, CancellationToken ct)
                    {
                        {|CVP031:foreach|} (var pan in pans)
                            await Stove.TemperatureAsync(pan, ct).ConfigureAwait(false);
                    }
                }
                """ + Kitchen;
            const string fixedSource = """
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task HeatAllAsync(string[] pans, CancellationToken ct)
                    {
                        await Task.WhenAll(pans.Select(pan => Stove.TemperatureAsync(pan, ct))).ConfigureAwait(false);
                    }
                }
                """ + Kitchen;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_ListShapes_AddRangeKeepsOrder()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<List<string>> CrackAllAsync(IEnumerable<Egg> eggs, int seconds)
                    {
                        var cracked = new List<string>();
                        // crack them all
                        {|CVP031:foreach|} (var egg in eggs)
                        {
                            var result = await egg.CrackAsync(seconds);
                            cracked.Add(result);
                        }
                        {|CVP031:foreach|} (var egg in eggs)
                            cracked.Add(await egg.CrackAsync(1));
                        return cracked;
                    }
                }
                """ + Kitchen;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<List<string>> CrackAllAsync(IEnumerable<Egg> eggs, int seconds)
                    {
                        var cracked = new List<string>();
                        // crack them all
                        cracked.AddRange(await Task.WhenAll(eggs.Select(egg => egg.CrackAsync(seconds))));
                        cracked.AddRange(await Task.WhenAll(eggs.Select(egg => egg.CrackAsync(1))));
                        return cracked;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task NoFix_ValueTask()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task HeatAllAsync(string[] pans)
                    {
                        {|CVP031:foreach|} (var pan in pans) { await Stove.QuickAsync(pan); }
                    }
                }
                """ + Kitchen;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task NoFix_ListOfOtherElementType()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<List<object>> CrackAllAsync(List<Egg> eggs)
                    {
                        var cracked = new List<object>();
                        {|CVP031:foreach|} (var egg in eggs)
                        {
                            object result = await egg.CrackAsync(1);
                            cracked.Add(result);
                        }
                        return cracked;
                    }
                }
                """ + Kitchen;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task NoFix_ForeachWithCastingLoopVariable()
        {
            const string source = """
                using System.Collections;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(ArrayList eggs)
                    {
                        {|CVP031:foreach|} (Egg egg in eggs) { await egg.BoilAsync(); }
                    }
                }
                """ + Kitchen;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task FixAll_TwoLoopsInOneDocument()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task StartAsync(List<Egg> eggs, string[] pans)
                    {
                        {|CVP031:foreach|} (var egg in eggs) { await egg.BoilAsync(); }
                        {|CVP031:foreach|} (var pan in pans) { await Stove.HeatAsync(pan); }
                    }
                }
                """ + Kitchen;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task StartAsync(List<Egg> eggs, string[] pans)
                    {
                        await Task.WhenAll(eggs.Select(egg => egg.BoilAsync()));
                        await Task.WhenAll(pans.Select(pan => Stove.HeatAsync(pan)));
                    }
                }
                """ + Kitchen;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_OnNetFramework()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(List<Egg> eggs)
                    {
                        {|CVP031:foreach|} (var egg in eggs) { await egg.BoilAsync(); }
                    }
                }

                class Egg { public Task BoilAsync() => Task.Delay(1); }
                """;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(List<Egg> eggs)
                    {
                        await Task.WhenAll(eggs.Select(egg => egg.BoilAsync()));
                    }
                }

                class Egg { public Task BoilAsync() => Task.Delay(1); }
                """;
            await new Verify.Test { TestCode = source, FixedCode = fixedSource, ReferenceAssemblies = Verifiers.ReferenceSets.Net472 }.RunAsync();
        }

        // ---- The fix's shape keeps results in item order and lets exceptions surface ------------

        [Fact]
        public async Task FixedShape_KeepsItemOrder_AndSurfacesException()
        {
            async Task<int> Cook(int minutes)
            {
                await Task.Delay(minutes);
                return minutes;
            }

            var cooked = new List<int>();
            var minutesPerDish = new[] { 50, 1, 20 };
            cooked.AddRange(await Task.WhenAll(minutesPerDish.Select(m => Cook(m))));
            Assert.Equal(minutesPerDish, cooked);

            async Task Burn(int minutes)
            {
                await Task.Delay(minutes);
                throw new InvalidOperationException("burnt after " + minutes);
            }

            // An exception still surfaces from the await; every failure is kept on the WhenAll task. Which one is
            // rethrown first may differ from the loop (which stopped at the first failing item) — see the doc page.
            var all = Task.WhenAll(new[] { 30, 1 }.Select(m => Burn(m)));
            var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => all);
            Assert.StartsWith("burnt after ", thrown.Message, StringComparison.Ordinal);
            Assert.Equal(
                new[] { "burnt after 1", "burnt after 30" },
                all.Exception!.InnerExceptions.Select(e => e.Message).OrderBy(m => m, StringComparer.Ordinal));
        }
    }
}
