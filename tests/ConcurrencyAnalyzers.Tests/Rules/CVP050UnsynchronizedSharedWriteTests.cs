using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP050UnsynchronizedSharedWriteAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP050UnsynchronizedSharedWriteCodeFix>;
using VerifyAnalyzer = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP050UnsynchronizedSharedWriteAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP050UnsynchronizedSharedWriteTests
    {
        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_CompoundAssignmentToCapturedLocal_InParallelForEach_WithMessage()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Count(List<int> calories)
                    {
                        var total = 0;
                        Parallel.ForEach(calories, c => { {|#0:total += c|}; });
                        return total;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(
                source,
                VerifyAnalyzer.Diagnostic(RuleIds.UnsynchronizedSharedWriteInParallelBody).WithLocation(0)
                    .WithArguments("total", "'Interlocked.Add', or per-thread subtotals with the localInit/localFinally overload").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_IncrementOfField_InParallelFor()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    int eggsCracked;

                    void Crack(int n)
                    {
                        Parallel.For(0, n, i => { {|CVP050:eggsCracked++|}; });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_AssignmentToStaticField_InParallelInvoke()
        {
            const string source = """
                using System.Threading.Tasks;

                static class Morning
                {
                    static string lastChore = "";

                    static void Run()
                    {
                        Parallel.Invoke(
                            () => { {|CVP050:lastChore = "shower"|}; },
                            () => { {|CVP050:lastChore = "coffee"|}; });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_WriteInParallelForEachAsyncBody()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Commute
                {
                    async Task<double> Run(List<double> legs)
                    {
                        double minutes = 0;
                        await Parallel.ForEachAsync(legs, async (leg, ct) =>
                        {
                            await Task.Delay(1, ct);
                            {|CVP050:minutes += leg|};
                        });
                        return minutes;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_WriteInPlinqSelect()
        {
            const string source = """
                using System.Linq;

                class Toaster
                {
                    int[] Toast(int[] slices)
                    {
                        var toasted = 0;
                        return slices.AsParallel().Select(s => { {|CVP050:toasted++|}; return s; }).ToArray();
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_WriteInPlinqForAll_ExpressionLambda()
        {
            const string source = """
                using System.Linq;

                class Toaster
                {
                    long crumbs;

                    void Toast(int[] slices) => slices.AsParallel().ForAll(s => {|CVP050:crumbs += s|});
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_WriteInAnonymousMethod()
        {
            const string source = """
                using System.Threading.Tasks;

                class Wardrobe
                {
                    void Choose(string[] shirts)
                    {
                        string chosen = null;
                        Parallel.ForEach(shirts, delegate (string shirt) { {|CVP050:chosen = shirt|}; });
                        System.Console.WriteLine(chosen);
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_WriteInLocalFunctionCalledFromBody()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    int Fry(int[] eggs)
                    {
                        var fried = 0;
                        void FryOne(int egg) { {|CVP050:fried++|}; }
                        Parallel.ForEach(eggs, egg => FryOne(egg));
                        return fried;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_WriteInLocalFunctionPassedAsMethodGroup_AndInOneItCalls()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    int Fry(int[] eggs)
                    {
                        var fried = 0;
                        var burnt = 0;
                        void Count() { {|CVP050:burnt++|}; }
                        void FryOne(int egg) { {|CVP050:fried++|}; Count(); }
                        Parallel.ForEach(eggs, FryOne);
                        return fried + burnt;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_ArrayElementNotIndexedByIteration()
        {
            const string source = """
                using System.Threading.Tasks;

                class Histogram
                {
                    int[] Count(int[] minutes)
                    {
                        var buckets = new int[10];
                        Parallel.ForEach(minutes, m => { {|CVP050:buckets[m % 10]++|}; });
                        return buckets;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_FieldOfCapturedObject_AndAutoProperty()
        {
            const string source = """
                using System.Threading.Tasks;

                class Tally
                {
                    public int Cups;
                    public int Plates { get; set; }
                }

                class Dishes
                {
                    void Wash(int[] items)
                    {
                        var tally = new Tally();
                        Parallel.ForEach(items, i =>
                        {
                            {|CVP050:tally.Cups += i|};
                            {|CVP050:tally.Plates++|};
                        });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_WriteInLocalFinallyWithoutLock()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Sum(int[] calories)
                    {
                        var total = 0;
                        Parallel.For(0, calories.Length, () => 0, (i, state, subtotal) => subtotal + calories[i], subtotal => {|CVP050:total += subtotal|});
                        return total;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_ArrayElementInLocalFinally_IndexedByAnOuterLoopVariable()
        {
            // Reduced from AvtsVivek/ParallelPro 341150-ParallelWithDependenciesExOne: localFinally runs on
            // several workers at once, so the month's slot is written concurrently.
            const string source = """
                using System.Threading.Tasks;

                class Budget
                {
                    int[] Monthly(int[] amounts)
                    {
                        var monthly = new int[12];
                        for (var month = 0; month < 12; month++)
                        {
                            Parallel.For(month * 10, (month + 1) * 10, new ParallelOptions(), () => 0,
                                (index, state, subtotal) => subtotal + amounts[index],
                                subtotal => {|CVP050:monthly[month] += subtotal|});
                        }

                        return monthly;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_FlagWrittenInIndexedForEachOverOrderablePartitioner()
        {
            // Reduced from AvtsVivek/ParallelPro 300825-OrderablePartitionerEx.
            const string source = """
                using System.Collections.Concurrent;
                using System.Linq;
                using System.Threading.Tasks;

                class Check
                {
                    bool Mismatch(int[] items)
                    {
                        var mismatch = false;
                        Parallel.ForEach(Partitioner.Create(items.ToList(), true), (item, state, index) =>
                        {
                            if (item != index) {|CVP050:mismatch = true|};
                        });
                        return mismatch;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_ElementIndexedByLoopIndex()
        {
            const string source = """
                using System.Threading.Tasks;

                class Oven
                {
                    int[] Bake(int[] trays)
                    {
                        var results = new int[trays.Length];
                        Parallel.For(0, trays.Length, i =>
                        {
                            results[i] = trays[i] * 2;
                            var j = i;
                            results[j] += 1;
                        });
                        Parallel.ForEach(trays, (tray, state, index) => { results[index] = tray; });
                        return results;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LocalInitLocalFinallyState_AndFinallyUnderInterlocked()
        {
            const string source = """
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Sum(int[] calories)
                    {
                        var total = 0;
                        Parallel.ForEach(
                            calories,
                            () => 0,
                            (c, state, subtotal) => { subtotal += c; return subtotal; },
                            subtotal => Interlocked.Add(ref total, subtotal));
                        return total;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_WriteUnderLock()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    readonly object gate = new object();
                    double total;

                    void Sum(double[] grams)
                    {
                        Parallel.ForEach(grams, g => { lock (gate) { total += g; } });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_Interlocked()
        {
            const string source = """
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void Count(int[] eggs)
                    {
                        var count = 0;
                        long grams = 0;
                        Parallel.ForEach(eggs, e => { Interlocked.Increment(ref count); Interlocked.Add(ref grams, e); Volatile.Write(ref count, 1); });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LocalsDeclaredInsideBody_AndObjectInitializers()
        {
            const string source = """
                using System.Threading.Tasks;

                class Plate
                {
                    public int Eggs;
                }

                class Breakfast
                {
                    void Serve(int[] eggs)
                    {
                        Parallel.ForEach(eggs, e =>
                        {
                            var sum = 0;
                            sum += e;
                            sum++;
                            for (var k = 0; k < e; k++) { sum += k; }
                            var plate = new Plate { Eggs = sum };
                            plate.Eggs = 3;
                            e = 4;
                        });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ThreadStaticField_AndVolatileStore()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Breakfast
                {
                    [ThreadStatic] static int perThread;
                    volatile bool done;

                    void Run(int[] eggs)
                    {
                        Parallel.ForEach(eggs, e => { perThread += e; done = true; });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        /// <summary>
        /// The rule walks down from each parallel body: a loop in another loop's body, or started from a Task.Run lambda,
        /// is a body of its own, and each write is reported once (the innermost body's); the Task.Run lambda's own write
        /// is not in a parallel body. In the inner loop the outer body's local is shared.
        /// </summary>
        [Fact]
        public async Task Flags_NestedBodies_EachWriteOnce()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    int total;

                    void Run(int[] pans, int[] eggs)
                    {
                        Parallel.ForEach(pans, pan =>
                        {
                            var cracked = 0;
                            {|CVP050:total += pan|};
                            Parallel.ForEach(eggs, egg => {|CVP050:cracked++|});
                        });

                        _ = Task.Run(() =>
                        {
                            total = 0;
                            Parallel.ForEach(eggs, egg => {|CVP050:total += egg|});
                        });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_NestedDelegateNotRunByTheBody_AndSequentialLoop()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int total;

                    void Run(int[] eggs)
                    {
                        foreach (var e in eggs) { total += e; }
                        Parallel.ForEach(eggs, e => { Action later = () => total += e; });
                        void NeverRunInParallel() { total++; }
                        NeverRunInParallel();
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeParallelType()
        {
            const string source = """
                using System;

                namespace MyApp
                {
                    static class Parallel
                    {
                        public static void ForEach<T>(T[] items, Action<T> body) { foreach (var i in items) body(i); }
                    }

                    class Breakfast
                    {
                        int Sum(int[] calories)
                        {
                            var total = 0;
                            Parallel.ForEach(calories, c => { total += c; });
                            return total;
                        }
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_InNameofAndExpressionTree()
        {
            const string source = """
                using System;
                using System.Linq.Expressions;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int total;

                    void Run(int[] eggs)
                    {
                        Parallel.ForEach(eggs, e => { Expression<Func<int, int>> f = x => x + 1; var n = nameof(total); });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        // ---- Fixes ---------------------------------------------------------------------------

        [Fact]
        public async Task Fix_CompoundAddBecomesInterlockedAdd_AddsUsing()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Count(List<int> calories)
                    {
                        var total = 0;
                        Parallel.ForEach(calories, c =>
                        {
                            {|CVP050:total += c|}; // every item
                        });
                        return total;
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Count(List<int> calories)
                    {
                        var total = 0;
                        Parallel.ForEach(calories, c =>
                        {
                            Interlocked.Add(ref total, c); // every item
                        });
                        return total;
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_IncrementDecrementAndSubtract()
        {
            const string source = """
                using System.Threading;
                using System.Threading.Tasks;

                class Kitchen
                {
                    long eggs;
                    static int pans;

                    void Cook(int n, int[] burnt)
                    {
                        Parallel.For(0, n, i =>
                        {
                            {|CVP050:eggs++|};
                            {|CVP050:--pans|};
                            {|CVP050:eggs -= burnt[i] + 1|};
                            {|CVP050:eggs -= i|};
                        });
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading;
                using System.Threading.Tasks;

                class Kitchen
                {
                    long eggs;
                    static int pans;

                    void Cook(int n, int[] burnt)
                    {
                        Parallel.For(0, n, i =>
                        {
                            Interlocked.Increment(ref eggs);
                            Interlocked.Decrement(ref pans);
                            Interlocked.Add(ref eggs, -(burnt[i] + 1));
                            Interlocked.Add(ref eggs, -i);
                        });
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_PrefixIncrementUsedAsValue_KeepsValue()
        {
            const string source = """
                using System.Threading;
                using System.Threading.Tasks;

                class Tickets
                {
                    int next;

                    void Hand(int[] guests, int[] numbers)
                    {
                        Parallel.For(0, guests.Length, i => { numbers[i] = {|CVP050:++next|}; });
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading;
                using System.Threading.Tasks;

                class Tickets
                {
                    int next;

                    void Hand(int[] guests, int[] numbers)
                    {
                        Parallel.For(0, guests.Length, i => { numbers[i] = Interlocked.Increment(ref next); });
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_NonCounterWrapsCheckAndWriteInLock_DeclaresGate()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    double Heaviest(double[] grams)
                    {
                        double max = 0;
                        Parallel.ForEach(grams, g =>
                        {
                            var weight = g * 2;
                            if (weight > max)
                            {
                                {|CVP050:max = weight|};
                            }
                        });
                        return max;
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    double Heaviest(double[] grams)
                    {
                        double max = 0;
                        var gate = new object();
                        Parallel.ForEach(grams, g =>
                        {
                            var weight = g * 2;
                            lock (gate)
                            {
                                if (weight > max)
                                {
                                    max = weight;
                                }
                            }
                        });
                        return max;
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_ExpressionLambdaGetsBlockWithLock_GateNameAvoidsClash()
        {
            const string source = """
                using System.Linq;

                class Toaster
                {
                    object gate = new object();
                    double crumbs;

                    void Toast(double[] slices)
                    {
                        slices.AsParallel().ForAll(s => {|CVP050:crumbs += s|});
                    }
                }
                """;
            const string fixedSource = """
                using System.Linq;

                class Toaster
                {
                    object gate = new object();
                    double crumbs;

                    void Toast(double[] slices)
                    {
                        var gate2 = new object();
                        slices.AsParallel().ForAll(s =>
                        {
                            lock (gate2)
                            {
                                crumbs += s;
                            }
                        });
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task NoFix_WhenTheWriteAwaits()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Commute
                {
                    async Task<int> Run(List<int> legs)
                    {
                        var minutes = 0;
                        await Parallel.ForEachAsync(legs, async (leg, ct) => { {|CVP050:minutes += await Task.FromResult(leg)|}; });
                        return minutes;
                    }
                }
                """;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task NoFix_PostfixIncrementUsedAsValue()
        {
            const string source = """
                using System.Threading.Tasks;

                class Tickets
                {
                    int next;

                    void Hand(int[] numbers)
                    {
                        Parallel.For(0, numbers.Length, i => { numbers[i] = {|CVP050:next++|}; });
                    }
                }
                """;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task NoFix_LockWouldSpanAnAwait()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Commute
                {
                    async Task<string> Run(List<string> legs)
                    {
                        string last = "";
                        await Parallel.ForEachAsync(legs, async (leg, ct) =>
                        {
                            {|CVP050:last = leg|};
                            await Task.Delay(1, ct);
                            System.Console.WriteLine(last);
                        });
                        return last;
                    }
                }
                """;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task FixAll_InterlockedInOneDocument()
        {
            const string source = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    int eggs;
                    long grams;

                    void Cook(int[] sizes)
                    {
                        Parallel.ForEach(sizes, s => { {|CVP050:eggs++|}; {|CVP050:grams += s|}; });
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading;
                using System.Threading.Tasks;

                class Kitchen
                {
                    int eggs;
                    long grams;

                    void Cook(int[] sizes)
                    {
                        Parallel.ForEach(sizes, s => { Interlocked.Increment(ref eggs); Interlocked.Add(ref grams, s); });
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task FixAll_LocksShareOneGate()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    string lastFruit = "";
                    double weight;

                    void Slice(string[] fruit)
                    {
                        Parallel.ForEach(fruit, f =>
                        {
                            {|CVP050:lastFruit = f|};
                            System.Console.WriteLine(f);
                            {|CVP050:weight += f.Length * 0.5|};
                        });
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    string lastFruit = "";
                    double weight;

                    void Slice(string[] fruit)
                    {
                        var gate = new object();
                        Parallel.ForEach(fruit, f =>
                        {
                            lock (gate)
                            {
                                lastFruit = f;
                            }
                            System.Console.WriteLine(f);
                            lock (gate)
                            {
                                weight += f.Length * 0.5;
                            }
                        });
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        // ---- Other target frameworks ---------------------------------------------------------

        [Fact]
        public async Task Flags_OnNetFramework_WithoutForEachAsync()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    int total;

                    void Sum(int[] calories)
                    {
                        Parallel.ForEach(calories, c => { {|CVP050:total += c|}; });
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int total;

                    void Sum(int[] calories)
                    {
                        Parallel.ForEach(calories, c => { Interlocked.Add(ref total, c); });
                    }
                }
                """;
            var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, ReferenceAssemblies = ReferenceSets.Net472 };
            await test.RunAsync();
        }
    }
}
