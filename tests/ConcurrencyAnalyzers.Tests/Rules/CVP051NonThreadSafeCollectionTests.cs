using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP051NonThreadSafeCollectionAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP051NonThreadSafeCollectionCodeFix>;
using VerifyAnalyzer = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP051NonThreadSafeCollectionAnalyzer,
    Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP051NonThreadSafeCollectionTests
    {
        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_ListAdd_InParallelForEach_WithMessage()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    List<string> Slice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        Parallel.ForEach(fruit, f => { {|#0:sliced.Add(f + " slices")|}; });
                        return sliced;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(
                source,
                VerifyAnalyzer.Diagnostic(RuleIds.NonThreadSafeCollectionInParallelBody).WithLocation(0)
                    .WithArguments("sliced.Add", "List<string>", "use 'ConcurrentBag<string>' or a lock")
                    .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_DictionaryIndexerSetAndTryAdd_InParallelFor()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Pantry
                {
                    readonly Dictionary<int, string> shelves = new Dictionary<int, string>();

                    void Stock(string[] items)
                    {
                        Parallel.For(0, items.Length, i =>
                        {
                            {|CVP051:shelves[i] = items[i]|};
                            {|CVP051:shelves.TryAdd(-i, items[i])|};
                            {|CVP051:shelves[i] += "!"|};
                        });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_HashSetQueueStack_InParallelInvoke()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                static class Morning
                {
                    static void Run(HashSet<string> done, Queue<string> todo, Stack<string> plates)
                    {
                        Parallel.Invoke(
                            () => { {|CVP051:done.Add("shower")|}; },
                            () => { {|CVP051:todo.Enqueue("coffee")|}; {|CVP051:todo.Dequeue()|}; },
                            () => {|CVP051:plates.Push("plate")|});
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_SortedAndLinkedCollections_AndInsertRemoveClear()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Planner
                {
                    static SortedSet<int> minutes = new SortedSet<int>();
                    SortedDictionary<string, int> steps = new SortedDictionary<string, int>();
                    SortedList<string, int> order = new SortedList<string, int>();
                    LinkedList<string> route = new LinkedList<string>();
                    List<string> notes = new List<string>();

                    void Plan(string[] chores)
                    {
                        Parallel.ForEach(chores, c =>
                        {
                            {|CVP051:minutes.Add(c.Length)|};
                            {|CVP051:steps[c] = 1|};
                            {|CVP051:order.Add(c, 2)|};
                            {|CVP051:route.AddLast(c)|};
                            {|CVP051:notes.Insert(0, c)|};
                            {|CVP051:notes.Remove(c)|};
                            {|CVP051:notes.Clear()|};
                        });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_InForEachAsyncBody()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Commute
                {
                    async Task<List<string>> Check(string[] lines)
                    {
                        var delays = new List<string>();
                        await Parallel.ForEachAsync(lines, async (line, ct) =>
                        {
                            await Task.Delay(1, ct);
                            {|CVP051:delays.Add(line)|};
                        });
                        return delays;
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_InPlinqOperators()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Linq;

                class Toaster
                {
                    int[] Toast(int[] slices, List<int> seen)
                    {
                        slices.AsParallel().ForAll(s => {|CVP051:seen.Add(s)|});
                        return slices.AsParallel().Where(s => { {|CVP051:seen.Remove(s)|}; return true; }).ToArray();
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_InAnonymousMethodAndLocalFunction()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Wardrobe
                {
                    List<string> worn = new List<string>();

                    void Dress(string[] clothes)
                    {
                        var tried = new List<string>();
                        void Try(string c) { {|CVP051:tried.Add(c)|}; }
                        Parallel.ForEach(clothes, delegate (string c) { {|CVP051:worn.Add(c)|}; Try(c); });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        /// <summary>
        /// Walking down from each parallel body: a loop in another loop's body is a body of its own (each mutation
        /// reported once); a local function the body calls is part of it; a lambda the body only creates is not.
        /// </summary>
        [Fact]
        public async Task Flags_NestedBodiesAndLocalFunctions_EachMutationOnce()
        {
            const string source = """
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    readonly List<string> plated = new List<string>();

                    void Serve(string[] tables, string[] dishes)
                    {
                        Parallel.ForEach(tables, table =>
                        {
                            {|CVP051:plated.Add(table)|};
                            Parallel.ForEach(dishes, dish => {|CVP051:plated.Add(dish)|});
                            Action later = () => plated.Add(table);
                            Plate(table);
                        });

                        void Plate(string dish) => {|CVP051:plated.Add(dish)|};
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_ConcurrentCollections()
        {
            const string source = """
                using System.Collections.Concurrent;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void Slice(string[] fruit)
                    {
                        var bag = new ConcurrentBag<string>();
                        var map = new ConcurrentDictionary<string, int>();
                        var queue = new ConcurrentQueue<string>();
                        Parallel.ForEach(fruit, f => { bag.Add(f); map[f] = 1; map.TryAdd(f, 2); queue.Enqueue(f); });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_CollectionCreatedInsideBody()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void Slice(string[] fruit)
                    {
                        Parallel.ForEach(fruit, f =>
                        {
                            var pieces = new List<string>();
                            pieces.Add(f);
                            var byName = new Dictionary<string, int> { [f] = 1 };
                            byName[f] = 2;
                        });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ElementWritesByLoopIndex()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Oven
                {
                    void Bake(List<int> trays, int[] results)
                    {
                        Parallel.For(0, trays.Count, i =>
                        {
                            trays[i] = trays[i] * 2;
                            results[i] = trays[i];
                        });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_UnderLock_AndSequentialLoop()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void Slice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        foreach (var f in fruit) { sliced.Add(f); }
                        Parallel.ForEach(fruit, f => { lock (sliced) { sliced.Add(f); } });
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserList()
        {
            const string source = """
                using System.Threading.Tasks;

                namespace MyApp
                {
                    class List<T>
                    {
                        public void Add(T item) { }
                    }

                    class Breakfast
                    {
                        void Slice(string[] fruit)
                        {
                            var sliced = new List<string>();
                            Parallel.ForEach(fruit, f => { sliced.Add(f); });
                        }
                    }
                }
                """;
            await VerifyAnalyzer.VerifyAnalyzerAsync(source);
        }

        // ---- Fixes ---------------------------------------------------------------------------

        [Fact]
        public async Task Fix_ListBecomesConcurrentBag_WhenOnlyAddedCountedAndEnumerated()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    string[] Slice(string[] fruit)
                    {
                        var sliced = new List<string>(); // the fruit bowl
                        Parallel.ForEach(fruit, f => { {|CVP051:sliced.Add(f + " slices")|}; });
                        foreach (var s in sliced) { System.Console.WriteLine(s); }
                        System.Console.WriteLine(sliced.Count);
                        return sliced.OrderBy(s => s).ToArray();
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    string[] Slice(string[] fruit)
                    {
                        var sliced = new ConcurrentBag<string>(); // the fruit bowl
                        Parallel.ForEach(fruit, f => { sliced.Add(f + " slices"); });
                        foreach (var s in sliced) { System.Console.WriteLine(s); }
                        System.Console.WriteLine(sliced.Count);
                        return sliced.OrderBy(s => s).ToArray();
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_ExplicitDictionaryBecomesConcurrentDictionary()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Pantry
                {
                    int Count(string[] items)
                    {
                        Dictionary<string, int> calories = new Dictionary<string, int>();
                        Parallel.ForEach(items, item => { {|CVP051:calories[item] = item.Length * 10|}; });
                        return calories.TryGetValue("egg", out var egg) ? egg : calories.Count;
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Pantry
                {
                    int Count(string[] items)
                    {
                        ConcurrentDictionary<string, int> calories = new ConcurrentDictionary<string, int>();
                        Parallel.ForEach(items, item => { calories[item] = item.Length * 10; });
                        return calories.TryGetValue("egg", out var egg) ? egg : calories.Count;
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_QueueWithTargetTypedNewBecomesConcurrentQueue()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Kitchen
                {
                    void Wash(string[] dishes)
                    {
                        Queue<string> toDry = new();
                        Parallel.ForEach(dishes, d => { {|CVP051:toDry.Enqueue(d)|}; });
                        while (toDry.TryDequeue(out var dish)) { System.Console.WriteLine(dish); }
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Kitchen
                {
                    void Wash(string[] dishes)
                    {
                        ConcurrentQueue<string> toDry = new();
                        Parallel.ForEach(dishes, d => { toDry.Enqueue(d); });
                        while (toDry.TryDequeue(out var dish)) { System.Console.WriteLine(dish); }
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_FallsBackToLock_WhenListIsReturnedAsList()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    List<string> Slice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        Parallel.ForEach(fruit, f =>
                        {
                            var piece = f + " slices";
                            {|CVP051:sliced.Add(piece)|};
                        });
                        return sliced;
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    List<string> Slice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        var gate = new object();
                        Parallel.ForEach(fruit, f =>
                        {
                            var piece = f + " slices";
                            lock (gate)
                            {
                                sliced.Add(piece);
                            }
                        });
                        return sliced;
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_LockCoversCheckThenAdd_OnDictionaryWithAdd()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Pantry
                {
                    Dictionary<string, int> stock = new Dictionary<string, int>();

                    void Count(string[] items)
                    {
                        Parallel.ForEach(items, item =>
                        {
                            if (!stock.ContainsKey(item))
                            {
                                {|CVP051:stock.Add(item, 1)|};
                            }
                        });
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Pantry
                {
                    Dictionary<string, int> stock = new Dictionary<string, int>();

                    void Count(string[] items)
                    {
                        var gate = new object();
                        Parallel.ForEach(items, item =>
                        {
                            lock (gate)
                            {
                                if (!stock.ContainsKey(item))
                                {
                                    stock.Add(item, 1);
                                }
                            }
                        });
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_NoConcurrentSwap_ForReadModifyWriteOnDictionary_LockInstead()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Pantry
                {
                    void Count(string[] items)
                    {
                        var counts = new Dictionary<char, int>();
                        Parallel.ForEach(items, item => { {|CVP051:counts[item[0]] = counts.GetValueOrDefault(item[0]) + 1|}; });
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Pantry
                {
                    void Count(string[] items)
                    {
                        var counts = new Dictionary<char, int>();
                        var gate = new object();
                        Parallel.ForEach(items, item =>
                        {
                            lock (gate)
                            {
                                counts[item[0]] = counts.GetValueOrDefault(item[0]) + 1;
                            }
                        });
                    }
                }
                """;
            // The first action offered is the lock: no ConcurrentDictionary, whose indexer would not make the read-modify-write atomic.
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_ListReadInOrder_NoBag_LockInstead()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    string FirstSlice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        Parallel.ForEach(fruit, f =>
                        {
                            {|CVP051:sliced.Add(f)|};
                        });
                        return sliced.First();
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class Breakfast
                {
                    string FirstSlice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        var gate = new object();
                        Parallel.ForEach(fruit, f =>
                        {
                            lock (gate)
                            {
                                sliced.Add(f);
                            }
                        });
                        return sliced.First();
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task NoFix_FieldMutatedInLocalFunction()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Wardrobe
                {
                    HashSet<string> worn = new HashSet<string>();

                    void Dress(string[] clothes)
                    {
                        void Wear(string c) { {|CVP051:worn.Add(c)|}; }
                        Parallel.ForEach(clothes, Wear);
                    }
                }
                """;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task FixAll_OneDeclarationChangeForTwoMutations()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Plate(string[] fruit)
                    {
                        var plate = new List<string>();
                        Parallel.ForEach(fruit, f => { {|CVP051:plate.Add(f)|}; {|CVP051:plate.Add(f + " peel")|}; });
                        return plate.Count;
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Plate(string[] fruit)
                    {
                        var plate = new ConcurrentBag<string>();
                        Parallel.ForEach(fruit, f => { plate.Add(f); plate.Add(f + " peel"); });
                        return plate.Count;
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task FixAll_LocksOfTwoCollectionsShareOneGate()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    HashSet<string> seen = new HashSet<string>();
                    LinkedList<string> order = new LinkedList<string>();

                    void Plate(string[] fruit)
                    {
                        Parallel.ForEach(fruit, f =>
                        {
                            {|CVP051:seen.Add(f)|};
                            System.Console.WriteLine(f);
                            {|CVP051:order.AddLast(f)|};
                        });
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    HashSet<string> seen = new HashSet<string>();
                    LinkedList<string> order = new LinkedList<string>();

                    void Plate(string[] fruit)
                    {
                        var gate = new object();
                        Parallel.ForEach(fruit, f =>
                        {
                            lock (gate)
                            {
                                seen.Add(f);
                            }
                            System.Console.WriteLine(f);
                            lock (gate)
                            {
                                order.AddLast(f);
                            }
                        });
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        // ---- Other target frameworks ---------------------------------------------------------

        [Fact]
        public async Task Fix_OnNetFramework_ListClearedLater_LockBecauseBagHasNoClear()
        {
            const string source = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void Slice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        Parallel.ForEach(fruit, f => { {|CVP051:sliced.Add(f)|}; });
                        sliced.Clear();
                    }
                }
                """;
            const string fixedSource = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    void Slice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        var gate = new object();
                        Parallel.ForEach(fruit, f =>
                        {
                            lock (gate)
                            {
                                sliced.Add(f);
                            }
                        });
                        sliced.Clear();
                    }
                }
                """;
            var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, ReferenceAssemblies = ReferenceSets.Net472 };
            await test.RunAsync();
        }
    }
}
