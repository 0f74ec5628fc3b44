using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.CodeFixes;
using ConcurrencyAnalyzers.Rules;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Robustness.Features
{
    /// <summary>
    /// A top-level program is a method: with an <c>await</c> in it, it is async code (CVP020/021/022 and the
    /// await-fixes apply); without one it is synchronous (those rules stay silent). Fixes keep it compiling.
    /// </summary>
    public sealed class TopLevelStatementTests
    {
        [Fact]
        public async Task CVP001_StaticAsyncLambdaInTopLevelParallelForEach_FixAddsAwaitAndKeepsStatic()
        {
            await RunAsync<CVP001AsyncDelegateInParallelLoopAnalyzer, CVP001AsyncDelegateInParallelLoopCodeFix>("""
                using System.Threading.Tasks;

                var cups = new[] { 1, 2, 3 };
                Parallel.ForEach(cups, {|CVP001:static async cup => await Task.Delay(cup)|});
                """, """
                using System.Threading.Tasks;

                var cups = new[] { 1, 2, 3 };
                await Parallel.ForEachAsync(cups, static async (cup, cancellationToken) => await Task.Delay(cup));
                """);
        }

        [Fact]
        public async Task CVP020_ResultInATopLevelProgramThatAwaits_IsFlaggedAndAwaited()
        {
            await RunAsync<CVP020BlockingWaitInAsyncCodeAnalyzer, CVP020BlockingWaitInAsyncCodeCodeFix>("""
                using System;
                using System.Threading.Tasks;

                var kettle = Task.Run(() => 2);
                await Task.Delay(1);
                Console.WriteLine({|CVP020:kettle.Result|});
                """, """
                using System;
                using System.Threading.Tasks;

                var kettle = Task.Run(() => 2);
                await Task.Delay(1);
                Console.WriteLine(await kettle);
                """);
        }

        [Fact]
        public async Task CVP021_SleepInATopLevelProgramThatAwaits_BecomesTaskDelay()
        {
            await RunAsync<CVP021ThreadSleepInAsyncCodeAnalyzer, CVP021ThreadSleepInAsyncCodeCodeFix>("""
                using System.Threading;
                using System.Threading.Tasks;

                await Task.Delay(1);
                {|CVP021:Thread.Sleep(10)|};
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                await Task.Delay(1);
                await Task.Delay(10);
                """);
        }

        [Fact]
        public async Task CVP021_ATopLevelProgramWhoseOnlyAwaitIsAwaitUsing_IsAsyncCode()
        {
            await RunAsync<CVP021ThreadSleepInAsyncCodeAnalyzer, CVP021ThreadSleepInAsyncCodeCodeFix>("""
                using System.IO;
                using System.Threading;

                await using var stream = new MemoryStream();
                {|CVP021:Thread.Sleep(10)|};
                """, """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                await using var stream = new MemoryStream();
                await Task.Delay(10);
                """);
        }

        [Fact]
        public async Task CVP022_ReadAllTextInATopLevelProgramThatAwaits_BecomesReadAllTextAsync()
        {
            await RunAsync<CVP022SynchronousIoInAsyncCodeAnalyzer, CVP022SynchronousIoInAsyncCodeCodeFix>("""
                using System;
                using System.IO;
                using System.Threading.Tasks;

                await Task.Delay(1);
                var recipe = {|CVP022:File.ReadAllText("recipe.txt")|};
                Console.WriteLine(recipe);
                """, """
                using System;
                using System.IO;
                using System.Threading.Tasks;

                await Task.Delay(1);
                var recipe = await File.ReadAllTextAsync("recipe.txt");
                Console.WriteLine(recipe);
                """);
        }

        [Fact]
        public async Task CVP030_SequentialTopLevelAwaits_StartBothThenWhenAll()
        {
            var test = NewTest<CVP030SequentialIndependentAwaitsAnalyzer, CVP030SequentialIndependentAwaitsCodeFix>("""
                using System;
                using System.Threading.Tasks;

                {|#0:var water = await Kettle.BoilAsync();|}
                var toast = await Toaster.ToastAsync();
                Console.WriteLine(water + toast);

                static class Kettle { public static Task<int> BoilAsync() => Task.FromResult(1); }
                static class Toaster { public static Task<int> ToastAsync() => Task.FromResult(2); }
                """, """
                using System;
                using System.Threading.Tasks;

                var waterTask = Kettle.BoilAsync();
                var toastTask = Toaster.ToastAsync();
                await Task.WhenAll(waterTask, toastTask);
                var water = await waterTask;
                var toast = await toastTask;
                Console.WriteLine(water + toast);

                static class Kettle { public static Task<int> BoilAsync() => Task.FromResult(1); }
                static class Toaster { public static Task<int> ToastAsync() => Task.FromResult(2); }
                """);
            test.ExpectedDiagnostics.Add(CSharpCodeFixVerifier<CVP030SequentialIndependentAwaitsAnalyzer, CVP030SequentialIndependentAwaitsCodeFix>
                .Diagnostic(RuleIds.SequentialIndependentAwaits).WithLocation(0).WithArguments("2").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync();
        }

        [Fact]
        public async Task CVP030_TwoTopLevelRuns_FixAllRewritesBoth()
        {
            await RunAsync<CVP030SequentialIndependentAwaitsAnalyzer, CVP030SequentialIndependentAwaitsCodeFix>("""
                using System;
                using System.Threading.Tasks;

                {|CVP030:var water = await Kettle.BoilAsync();|}
                var toast = await Toaster.ToastAsync();
                Console.WriteLine(water + toast);
                {|CVP030:var tea = await Kettle.BoilAsync();|}
                var jam = await Toaster.ToastAsync();
                Console.WriteLine(tea + jam);

                static class Kettle { public static Task<int> BoilAsync() => Task.FromResult(1); }
                static class Toaster { public static Task<int> ToastAsync() => Task.FromResult(2); }
                """, """
                using System;
                using System.Threading.Tasks;

                var waterTask = Kettle.BoilAsync();
                var toastTask = Toaster.ToastAsync();
                await Task.WhenAll(waterTask, toastTask);
                var water = await waterTask;
                var toast = await toastTask;
                Console.WriteLine(water + toast);
                var teaTask = Kettle.BoilAsync();
                var jamTask = Toaster.ToastAsync();
                await Task.WhenAll(teaTask, jamTask);
                var tea = await teaTask;
                var jam = await jamTask;
                Console.WriteLine(tea + jam);

                static class Kettle { public static Task<int> BoilAsync() => Task.FromResult(1); }
                static class Toaster { public static Task<int> ToastAsync() => Task.FromResult(2); }
                """);
        }

        [Fact]
        public async Task CVP030_TopLevelTaskNamesAvoidNamesUsedAnywhereInTheProgram()
        {
            // Top-level locals share one scope with the local functions below them: 'waterTask' is taken there.
            await RunAsync<CVP030SequentialIndependentAwaitsAnalyzer, CVP030SequentialIndependentAwaitsCodeFix>("""
                using System;
                using System.Threading.Tasks;

                {|CVP030:var water = await Kettle.BoilAsync();|}
                var toast = await Toaster.ToastAsync();
                Console.WriteLine(water + toast + Pour());

                int Pour()
                {
                    var waterTask = 3;
                    return waterTask;
                }

                static class Kettle { public static Task<int> BoilAsync() => Task.FromResult(1); }
                static class Toaster { public static Task<int> ToastAsync() => Task.FromResult(2); }
                """, """
                using System;
                using System.Threading.Tasks;

                var waterTask2 = Kettle.BoilAsync();
                var toastTask = Toaster.ToastAsync();
                await Task.WhenAll(waterTask2, toastTask);
                var water = await waterTask2;
                var toast = await toastTask;
                Console.WriteLine(water + toast + Pour());

                int Pour()
                {
                    var waterTask = 3;
                    return waterTask;
                }

                static class Kettle { public static Task<int> BoilAsync() => Task.FromResult(1); }
                static class Toaster { public static Task<int> ToastAsync() => Task.FromResult(2); }
                """);
        }

        [Fact]
        public async Task CVP031_TopLevelForeach_BecomesWhenAllOverSelect_AddingUsingLinq()
        {
            await RunAsync<CVP031AwaitInLoopOverIndependentItemsAnalyzer, CVP031AwaitInLoopOverIndependentItemsCodeFix>("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                var eggs = new List<int> { 1, 2 };
                {|CVP031:foreach|} (var egg in eggs)
                {
                    await Kettle.BoilEggAsync(egg);
                }

                static class Kettle { public static Task BoilEggAsync(int egg) => Task.Delay(egg); }
                """, """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                var eggs = new List<int> { 1, 2 };
                await Task.WhenAll(eggs.Select(egg => Kettle.BoilEggAsync(egg)));

                static class Kettle { public static Task BoilEggAsync(int egg) => Task.Delay(egg); }
                """);
        }

        [Fact]
        public async Task CVP061_DroppedTaskInATopLevelProgramThatAwaits_GetsAsyncAdvice_AndIsAwaited()
        {
            var test = NewTest<CVP061UnobservedTaskAnalyzer, CVP061UnobservedTaskCodeFix>("""
                using System.Threading.Tasks;

                await Task.Delay(1);
                {|#0:Kettle.BoilAsync()|};

                static class Kettle { public static Task BoilAsync() => Task.Delay(1); }
                """, """
                using System.Threading.Tasks;

                await Task.Delay(1);
                await Kettle.BoilAsync();

                static class Kettle { public static Task BoilAsync() => Task.Delay(1); }
                """);
            test.CodeActionEquivalenceKey = "CVP061.Await";
            test.ExpectedDiagnostics.Add(CSharpCodeFixVerifier<CVP061UnobservedTaskAnalyzer, CVP061UnobservedTaskCodeFix>.Diagnostic(RuleIds.UnobservedTask)
                .WithLocation(0).WithArguments("BoilAsync", "await it, or write '_ =' if fire-and-forget is really meant"));
            await test.RunAsync();
        }

        [Fact]
        public async Task CVP061_DroppedTaskInATopLevelProgramWithoutAwait_GetsSyncAdvice_AndOnlyTheDiscardFix()
        {
            const string Source = """
                using System.Threading.Tasks;

                Kettle.BoilAsync();

                static class Kettle { public static Task BoilAsync() => Task.Delay(1); }
                """;
            var test = NewTest<CVP061UnobservedTaskAnalyzer, CVP061UnobservedTaskCodeFix>(Source.Replace("Kettle.BoilAsync();", "{|#0:Kettle.BoilAsync()|};", System.StringComparison.Ordinal), """
                using System.Threading.Tasks;

                _ = Kettle.BoilAsync();

                static class Kettle { public static Task BoilAsync() => Task.Delay(1); }
                """);
            test.ExpectedDiagnostics.Add(CSharpCodeFixVerifier<CVP061UnobservedTaskAnalyzer, CVP061UnobservedTaskCodeFix>.Diagnostic(RuleIds.UnobservedTask)
                .WithLocation(0).WithArguments("BoilAsync", "write '_ =' to make the fire-and-forget explicit, or await it from async code"));
            await test.RunAsync();

            using var project = new AdhocProject(Source, OutputKind.ConsoleApplication);
            var diagnostic = Assert.Single((await project.AnalyzeAsync(new ConcurrentQueue<System.Exception>())).Where(d => d.Id == RuleIds.UnobservedTask));
            var actions = await project.ActionsAsync(diagnostic);
            Assert.Equal(new[] { "CVP061.Discard" }, actions.Select(a => a.EquivalenceKey));
        }

        [Fact]
        public async Task CVP051_TopLevelListsMutatedInParallelForEach_EachGateIsDeclaredOnItsOwnLine()
        {
            // Lists read by index cannot become ConcurrentBag: the lock fix declares a top-level gate before each loop.
            var test = NewTest<CVP051NonThreadSafeCollectionAnalyzer, CVP051NonThreadSafeCollectionCodeFix>("""
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                var calories = new[] { 1, 2, 3 };
                var plates = new List<int>();
                Parallel.ForEach(calories, c => { {|CVP051:plates.Add(c)|}; });
                var cups = new List<int>();
                Parallel.ForEach(calories, c => { {|CVP051:cups.Add(c)|}; });
                Console.WriteLine(plates[0] + cups[0]);
                """, """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                var calories = new[] { 1, 2, 3 };
                var plates = new List<int>();
                var gate = new object();
                Parallel.ForEach(calories, c =>
                {
                    lock (gate)
                    {
                        plates.Add(c);
                    }
                });
                var cups = new List<int>();
                var gate2 = new object();
                Parallel.ForEach(calories, c =>
                {
                    lock (gate2)
                    {
                        cups.Add(c);
                    }
                });
                Console.WriteLine(plates[0] + cups[0]);
                """);
            await test.RunAsync();
        }

        [Fact]
        public async Task CVP050_TopLevelCounterWrittenInParallelForEach_BecomesInterlockedAdd()
        {
            await RunAsync<CVP050UnsynchronizedSharedWriteAnalyzer, CVP050UnsynchronizedSharedWriteCodeFix>("""
                using System;
                using System.Threading.Tasks;

                var calories = new[] { 1, 2, 3 };
                var total = 0;
                Parallel.ForEach(calories, c => { {|CVP050:total += c|}; });
                Console.WriteLine(total);
                """, """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                var calories = new[] { 1, 2, 3 };
                var total = 0;
                Parallel.ForEach(calories, c => { Interlocked.Add(ref total, c); });
                Console.WriteLine(total);
                """);
        }

        [Fact]
        public async Task TopLevelProgramWithoutAwait_IsSynchronous_NoAsyncCodeRuleFires()
        {
            const string Source = """
                using System;
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                var kettle = Task.Run(() => 2);
                Console.WriteLine(kettle.Result);
                kettle.Wait();
                Thread.Sleep(10);
                Console.WriteLine(File.ReadAllText("recipe.txt"));
                """;
            using var project = new AdhocProject(Source, OutputKind.ConsoleApplication);
            Assert.Empty((await project.CompilationAsync()).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var exceptions = new ConcurrentQueue<System.Exception>();
            var diagnostics = await project.AnalyzeAsync(exceptions);
            Assert.Empty(exceptions);
            Assert.Empty(diagnostics);

            // The same statements after an await are async code: the control that this test can fail.
            using var awaiting = new AdhocProject(Source.Replace("var kettle", "await Task.Yield();\nvar kettle", System.StringComparison.Ordinal), OutputKind.ConsoleApplication);
            var ids = (await awaiting.AnalyzeAsync(exceptions)).Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal);
            Assert.Empty(exceptions);
            Assert.Equal(new[] { RuleIds.BlockingWaitInAsyncCode, RuleIds.BlockingWaitInAsyncCode, RuleIds.ThreadSleepInAsyncCode, RuleIds.SynchronousIoInAsyncCode }, ids);
        }

        private static CSharpCodeFixVerifier<TAnalyzer, TCodeFix>.Test NewTest<TAnalyzer, TCodeFix>(string source, string fixedSource)
            where TAnalyzer : DiagnosticAnalyzer, new()
            where TCodeFix : CodeFixProvider, new()
        {
            var test = new CSharpCodeFixVerifier<TAnalyzer, TCodeFix>.Test { TestCode = source, FixedCode = fixedSource };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test;
        }

        private static Task RunAsync<TAnalyzer, TCodeFix>(string source, string fixedSource)
            where TAnalyzer : DiagnosticAnalyzer, new()
            where TCodeFix : CodeFixProvider, new() =>
            NewTest<TAnalyzer, TCodeFix>(source, fixedSource).RunAsync();
    }
}
