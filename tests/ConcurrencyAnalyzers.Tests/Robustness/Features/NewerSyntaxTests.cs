using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify001 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP001AsyncDelegateInParallelLoopAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP001AsyncDelegateInParallelLoopCodeFix>;
using Verify021 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP021ThreadSleepInAsyncCodeAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP021ThreadSleepInAsyncCodeCodeFix>;
using Verify031 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP031AwaitInLoopOverIndependentItemsAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP031AwaitInLoopOverIndependentItemsCodeFix>;
using Verify050 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP050UnsynchronizedSharedWriteAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP050UnsynchronizedSharedWriteCodeFix>;
using Verify051 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP051NonThreadSafeCollectionAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP051NonThreadSafeCollectionCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Robustness.Features
{
    /// <summary>File-scoped namespaces (C# 10), primary constructors and collection expressions (C# 12), nullable reference types (C# 8).</summary>
    public sealed class NewerSyntaxTests
    {
        // ---- File-scoped namespaces ------------------------------------------------------------

        [Fact]
        public async Task FileScopedNamespace_CVP051SwapToConcurrentBag_AddsTheUsingBesideTheOthers()
        {
            await Verify051.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                namespace Morning;

                class Breakfast
                {
                    int Slice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        Parallel.ForEach(fruit, f => { {|CVP051:sliced.Add(f)|}; });
                        return sliced.Count;
                    }
                }
                """, """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                namespace Morning;

                class Breakfast
                {
                    int Slice(string[] fruit)
                    {
                        var sliced = new ConcurrentBag<string>();
                        Parallel.ForEach(fruit, f => { sliced.Add(f); });
                        return sliced.Count;
                    }
                }
                """);
        }

        [Fact]
        public async Task FileScopedNamespace_WithUsingsInsideIt_CVP051AndCVP050AddTheirUsingsThere()
        {
            var test = new Verify051.Test
            {
                TestCode = """
                    namespace Morning;

                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    class Breakfast
                    {
                        int Count(int n)
                        {
                            var squares = new Dictionary<int, int>();
                            Parallel.For(0, n, i => { {|CVP051:squares[i] = i * i|}; });
                            return squares.Count;
                        }
                    }
                    """,
                FixedCode = """
                    namespace Morning;

                    using System.Collections.Concurrent;
                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    class Breakfast
                    {
                        int Count(int n)
                        {
                            var squares = new ConcurrentDictionary<int, int>();
                            Parallel.For(0, n, i => { squares[i] = i * i; });
                            return squares.Count;
                        }
                    }
                    """,
                CodeActionEquivalenceKey = "CVP051.Concurrent",
            };
            await test.RunAsync();

            await Verify050.VerifyCodeFixAsync("""
                namespace Morning;

                using System.Threading.Tasks;

                class Breakfast
                {
                    int Count(int[] calories)
                    {
                        var total = 0;
                        Parallel.For(0, calories.Length, i => { {|CVP050:total += calories[i]|}; });
                        return total;
                    }
                }
                """, """
                namespace Morning;

                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Count(int[] calories)
                    {
                        var total = 0;
                        Parallel.For(0, calories.Length, i => { Interlocked.Add(ref total, calories[i]); });
                        return total;
                    }
                }
                """);
        }

        [Fact]
        public async Task FileScopedNamespace_WithoutUsings_CVP021AddsTheUsingAboveIt_NamespaceKept()
        {
            await Verify021.VerifyCodeFixAsync("""
                namespace Morning.Kitchen;

                class Kettle
                {
                    async System.Threading.Tasks.Task BoilAsync()
                    {
                        await System.Threading.Tasks.Task.Yield();
                        {|CVP021:System.Threading.Thread.Sleep(10)|};
                    }
                }
                """, """
                using System.Threading.Tasks;

                namespace Morning.Kitchen;

                class Kettle
                {
                    async System.Threading.Tasks.Task BoilAsync()
                    {
                        await System.Threading.Tasks.Task.Yield();
                        await Task.Delay(10);
                    }
                }
                """);
        }

        [Fact]
        public async Task FileScopedNamespace_WithUsingsInsideIt_CVP031AddsUsingLinqThere()
        {
            await Verify031.VerifyCodeFixAsync("""
                namespace Morning;

                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(List<int> eggs)
                    {
                        {|CVP031:foreach|} (var egg in eggs)
                        {
                            await Kettle.BoilOneAsync(egg);
                        }
                    }
                }

                static class Kettle { public static Task BoilOneAsync(int egg) => Task.Delay(egg); }
                """, """
                namespace Morning;

                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(List<int> eggs)
                    {
                        await Task.WhenAll(eggs.Select(egg => Kettle.BoilOneAsync(egg)));
                    }
                }

                static class Kettle { public static Task BoilOneAsync(int egg) => Task.Delay(egg); }
                """);
        }

        [Fact]
        public async Task FileScopedNamespace_WithUsingsInsideIt_CVP001WhenAllFallbackAddsUsingLinqThere()
        {
            var test = new Verify001.Test
            {
                ReferenceAssemblies = Verifiers.ReferenceSets.NetStandard20,
                TestCode = """
                    namespace Morning;

                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    class Breakfast
                    {
                        async Task ServeAsync(List<string> plates)
                        {
                            Parallel.ForEach(plates, {|CVP001:async plate => await Task.Delay(plate.Length)|});
                        }
                    }
                    """,
                FixedCode = """
                    namespace Morning;

                    using System.Collections.Generic;
                    using System.Linq;
                    using System.Threading.Tasks;

                    class Breakfast
                    {
                        async Task ServeAsync(List<string> plates)
                        {
                            await Task.WhenAll(plates.Select(async plate => await Task.Delay(plate.Length)));
                        }
                    }
                    """,
            };
            await test.RunAsync();
        }

        // ---- Primary constructors --------------------------------------------------------------

        [Fact]
        public async Task PrimaryConstructorParameter_WrittenInParallelForEach_IsSharedState_FixedWithInterlocked()
        {
            // A captured primary-constructor parameter lives in the instance: every iteration writes the same storage.
            await Verify050.VerifyCodeFixAsync("""
                using System.Threading.Tasks;

                class Counter(int total)
                {
                    public int Add(int[] calories)
                    {
                        Parallel.ForEach(calories, c => { {|CVP050:total += c|}; });
                        return total;
                    }
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class Counter(int total)
                {
                    public int Add(int[] calories)
                    {
                        Parallel.ForEach(calories, c => { Interlocked.Add(ref total, c); });
                        return total;
                    }
                }
                """);
        }

        [Fact]
        public async Task PrimaryConstructorListParameter_MutatedInParallelForEach_IsFlagged_OnlyTheLockFixIsOffered()
        {
            const string Source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Shelf(List<int> plates)
                {
                    public int Fill(int[] items)
                    {
                        Parallel.ForEach(items, item => { plates.Add(item); });
                        return plates.Count;
                    }
                }
                """;
            await Verify051.VerifyCodeFixAsync(Source.Replace("plates.Add(item);", "{|CVP051:plates.Add(item)|};", System.StringComparison.Ordinal), """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Shelf(List<int> plates)
                {
                    public int Fill(int[] items)
                    {
                        var gate = new object();
                        Parallel.ForEach(items, item =>
                        {
                            lock (gate)
                            {
                                plates.Add(item);
                            }
                        });
                        return plates.Count;
                    }
                }
                """);

            // The parameter's type is the caller's contract: no swap to a concurrent collection is offered.
            Assert.Equal(new[] { "CVP051.Lock" }, await OfferedKeysAsync(Source, RuleIds.NonThreadSafeCollectionInParallelBody));
        }

        // ---- Collection expressions ------------------------------------------------------------

        [Fact]
        public async Task CollectionExpressionInitialisedList_MutatedInParallelFor_IsFlagged_LockFixCompiles_NoSwap()
        {
            // ConcurrentBag<T> cannot be created with [] in C# 12, so the declaration is not swapped.
            const string Source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Squares(int n)
                    {
                        List<int> results = [];
                        Parallel.For(0, n, i => { results.Add(i * i); });
                        return results.Count;
                    }
                }
                """;
            await Verify051.VerifyCodeFixAsync(Source.Replace("results.Add(i * i);", "{|CVP051:results.Add(i * i)|};", System.StringComparison.Ordinal), """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Squares(int n)
                    {
                        List<int> results = [];
                        var gate = new object();
                        Parallel.For(0, n, i =>
                        {
                            lock (gate)
                            {
                                results.Add(i * i);
                            }
                        });
                        return results.Count;
                    }
                }
                """);
            Assert.Equal(new[] { "CVP051.Lock" }, await OfferedKeysAsync(Source, RuleIds.NonThreadSafeCollectionInParallelBody));
        }

        [Fact]
        public async Task CollectionExpressionInitialisedList_FilledInAnAwaitLoop_CVP031AddRangeFixCompiles()
        {
            await Verify031.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<List<int>> CollectAsync(int[] eggs)
                    {
                        List<int> results = [];
                        {|CVP031:foreach|} (var egg in eggs)
                        {
                            results.Add(await Boil(egg));
                        }

                        return results;
                    }

                    static Task<int> Boil(int egg) => Task.FromResult(egg);
                }
                """, """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<List<int>> CollectAsync(int[] eggs)
                    {
                        List<int> results = [];
                        results.AddRange(await Task.WhenAll(eggs.Select(egg => Boil(egg))));

                        return results;
                    }

                    static Task<int> Boil(int egg) => Task.FromResult(egg);
                }
                """);
        }

        [Fact]
        public async Task TargetTypedNew_CVP051SwapKeepsNew()
        {
            await Verify051.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Slice(string[] fruit)
                    {
                        List<string> sliced = new();
                        Parallel.ForEach(fruit, f => { {|CVP051:sliced.Add(f)|}; });
                        return sliced.Count;
                    }
                }
                """, """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Slice(string[] fruit)
                    {
                        ConcurrentBag<string> sliced = new();
                        Parallel.ForEach(fruit, f => { sliced.Add(f); });
                        return sliced.Count;
                    }
                }
                """);
        }

        [Fact]
        public async Task CollectionExpressionsInAsyncCode_ProduceNoDiagnostic()
        {
            const string Source = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    readonly Kettle kettle = new Kettle();
                    readonly Toaster toaster = new Toaster();

                    async Task<List<string>> PrepareAsync(string[] extras)
                    {
                        Task<string>[] started = [kettle.BoilAsync(), toaster.ToastAsync()];
                        string[] done = await Task.WhenAll(started);
                        List<string> table = [.. done, .. extras];
                        await Task.WhenAll([Task.Run(() => table.Sort()), Task.Delay(1)]);
                        int[] counts = [table.Count, done.Length];
                        return [.. table.Take(counts.Max())];
                    }
                }

                class Kettle { public Task<string> BoilAsync() => Task.FromResult("water"); }
                class Toaster { public Task<string> ToastAsync() => Task.FromResult("toast"); }
                """;
            using var project = new AdhocProject(Source);
            Assert.Empty((await project.CompilationAsync()).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var exceptions = new ConcurrentQueue<System.Exception>();
            Assert.Empty(await project.AnalyzeAsync(exceptions));
            Assert.Empty(exceptions);
        }

        // ---- Nullable reference types -----------------------------------------------------------

        [Fact]
        public async Task NullableEnabled_VarOverAListOfAReferenceType_CVP031FixIsOffered()
        {
            // Under #nullable enable, 'var egg' over a List<Egg> declares an 'Egg?': a nullable annotation is not a
            // cast, so the loop still becomes WhenAll over Select (the fix used to compare types with their nullability).
            await Verify031.VerifyCodeFixAsync("""
                #nullable enable
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(List<Egg> eggs)
                    {
                        {|CVP031:foreach|} (var egg in eggs)
                        {
                            await Egg.BoilOneAsync(egg);
                        }
                    }
                }

                class Egg { public static Task BoilOneAsync(Egg egg) => Task.Delay(1); }
                """, """
                #nullable enable
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task BoilAllAsync(List<Egg> eggs)
                    {
                        await Task.WhenAll(eggs.Select(egg => Egg.BoilOneAsync(egg)));
                    }
                }

                class Egg { public static Task BoilOneAsync(Egg egg) => Task.Delay(1); }
                """);
        }

        private static async Task<string?[]> OfferedKeysAsync(string source, string id)
        {
            using var project = new AdhocProject(source);
            var exceptions = new ConcurrentQueue<System.Exception>();
            var diagnostic = Assert.Single((await project.AnalyzeAsync(exceptions)).Where(d => d.Id == id));
            Assert.Empty(exceptions);
            return (await project.ActionsAsync(diagnostic)).Select(a => a.EquivalenceKey).ToArray();
        }
    }
}
