using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ConcurrencyAnalyzers.Benchmarks
{
    /// <summary>
    /// Writes a deterministic corpus of realistic async and parallel C#: kitchen and commute services of
    /// the morning routine, mostly clean code (awaits, Task.WhenAll, CPU loops with Parallel.For and
    /// Interlocked, LINQ, locks, records, pattern matching), with every rule's confused pattern sprinkled
    /// in at a low rate. The same seed and size give the same files.
    /// </summary>
    internal static class CorpusGenerator
    {
        /// <summary>The share of methods written the confused way.</summary>
        private const double ConfusedShare = 0.04;

        /// <summary>
        /// The share of the clean methods that run a parallel construct (Parallel.For/ForEach, PLINQ) in the default
        /// corpus: about 800 parallel constructs per 100k lines (<see cref="ParallelDensity"/>). The value was set before
        /// any rule was measured against it, aiming at ten times MathNet.Numerics by a count that also took in its own
        /// CommonParallel wrapper. Counted as <see cref="ParallelDensity"/> counts, the most parallel real code measured is
        /// accord-net/framework at 12 per 100k lines, so this is still some seventy times real code (docs/performance.md).
        /// </summary>
        private const double ParallelShare = 0.08;

        /// <param name="denseParallel">
        /// The corpus of the first eight passes of docs/performance.md, file for file: every clean template equally
        /// likely, so about one clean method in three runs a parallel construct (some 4,000 parallel bodies per 100k
        /// lines, hundreds of times the density of real code). Kept as a stress input for the rules that read parallel bodies.
        /// </param>
        public static IReadOnlyList<(string Path, string Text)> Generate(int seed, int targetLines, bool denseParallel = false)
        {
            var random = new Random(seed);
            var files = new List<(string, string)> { ("Support.cs", Support) };
            var lines = CountLines(Support);
            var fileIndex = 0;
            while (lines < targetLines)
            {
                var text = GenerateFile(random, fileIndex, denseParallel);
                files.Add(($"Kitchen{fileIndex:D4}.cs", text));
                lines += CountLines(text);
                fileIndex++;
            }

            return files;
        }

        public static int CountLines(string text)
        {
            var count = 1;
            foreach (var c in text)
            {
                if (c == '\n')
                {
                    count++;
                }
            }

            return count;
        }

        private static string GenerateFile(Random random, int fileIndex, bool denseParallel)
        {
            var builder = new StringBuilder();
            builder.Append("""
                using System;
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.IO;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                using Corpus.Support;

                """);
            builder.Append("namespace Corpus.Kitchen").Append(fileIndex.ToString("D4", CultureInfo.InvariantCulture)).Append("\n{\n");
            var classes = 2 + random.Next(2);
            for (var c = 0; c < classes; c++)
            {
                var name = ClassNames[random.Next(ClassNames.Length)] + fileIndex.ToString(CultureInfo.InvariantCulture) + "_" + c.ToString(CultureInfo.InvariantCulture);
                builder.Append("    public sealed class ").Append(name).Append('\n');
                builder.Append("""
                        {
                            private readonly Kettle kettle = new Kettle();
                            private readonly Pantry pantry = new Pantry();
                            private readonly Toaster toaster = new Toaster();
                            private readonly Journal journal = new Journal();
                            private readonly object gate = new object();
                            private int served;

                    """);
                var methods = 8 + random.Next(6);
                for (var m = 0; m < methods; m++)
                {
                    var suffix = m.ToString(CultureInfo.InvariantCulture);
                    var template = random.NextDouble() < ConfusedShare ? Confused[random.Next(Confused.Length)]
                        : denseParallel ? Clean[random.Next(Clean.Length)]
                        : random.NextDouble() < ParallelShare ? Clean[CleanParallel[random.Next(CleanParallel.Length)]]
                        : Clean[CleanSequential[random.Next(CleanSequential.Length)]];
                    builder.Append(template.Replace("{i}", suffix, StringComparison.Ordinal)
                        .Replace("{n}", (10 + random.Next(90)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
                    builder.Append('\n');
                }

                builder.Append("    }\n\n");
            }

            builder.Append("}\n");
            return builder.ToString();
        }

        private static int[] IndexesOf(string[] templates, bool parallel)
        {
            var indexes = new List<int>();
            for (var i = 0; i < templates.Length; i++)
            {
                if ((ParallelDensity.Count(templates[i]) > 0) == parallel)
                {
                    indexes.Add(i);
                }
            }

            return indexes.ToArray();
        }

        private static readonly string[] ClassNames = { "BreakfastService", "KettleStation", "ToastPlanner", "CommutePlanner", "WardrobeService", "FruitBar", "MorningJournal", "PantryAudit" };

        /// <summary>Templates of correct code: what most of a real code base looks like.</summary>
        private static readonly string[] Clean =
        {
            """
                    public async Task<int> PrepareBreakfast{i}Async(CancellationToken cancellationToken)
                    {
                        var boil = kettle.BoilAsync(cancellationToken);
                        var toast = toaster.ToastAsync({n});
                        await Task.WhenAll(boil, toast).ConfigureAwait(false);
                        var slices = await toast.ConfigureAwait(false);
                        return slices + served;
                    }
            """,
            """
                    public async Task<Dish> Fetch{i}Async(string name, CancellationToken cancellationToken)
                    {
                        if (string.IsNullOrEmpty(name))
                        {
                            throw new ArgumentException("name required", nameof(name));
                        }

                        var dish = await pantry.FetchAsync(name, cancellationToken).ConfigureAwait(false);
                        await journal.WriteAsync("fetched " + dish.Name).ConfigureAwait(false);
                        return dish with { Minutes = dish.Minutes + 1 };
                    }
            """,
            """
                    public int SliceFruit{i}(IReadOnlyList<int> pieces)
                    {
                        var total = 0;
                        Parallel.For(0, pieces.Count, () => 0, (index, state, local) => local + Cpu.Slice(pieces[index]), local => Interlocked.Add(ref total, local));
                        return total;
                    }
            """,
            """
                    public long Iron{i}(int[] shirts)
                    {
                        long creases = 0;
                        Parallel.ForEach(shirts, shirt =>
                        {
                            var work = Cpu.Slice(shirt + {n});
                            Interlocked.Add(ref creases, work % 7);
                        });
                        return creases;
                    }
            """,
            """
                    public IReadOnlyList<string> Menu{i}(IEnumerable<Dish> dishes)
                    {
                        return dishes
                            .Where(d => d.Calories < {n} * 10)
                            .OrderBy(d => d.Minutes)
                            .ThenBy(d => d.Name, StringComparer.Ordinal)
                            .Select(d => $"{d.Name} ({d.Calories} kcal)")
                            .ToList();
                    }
            """,
            """
                    public void Serve{i}(Dish dish)
                    {
                        lock (gate)
                        {
                            served++;
                        }

                        switch (dish)
                        {
                            case { Calories: > 500 }:
                                Console.WriteLine("hearty " + dish.Name);
                                break;
                            case { Minutes: 0 }:
                                Console.WriteLine("instant " + dish.Name);
                                break;
                            default:
                                Console.WriteLine(dish.Name);
                                break;
                        }
                    }
            """,
            """
                    public async Task<string[]> ReadRecipes{i}Async(IEnumerable<string> paths, CancellationToken cancellationToken)
                    {
                        var reads = paths.Select(path => File.ReadAllTextAsync(path, cancellationToken));
                        return await Task.WhenAll(reads).ConfigureAwait(false);
                    }
            """,
            """
                    public int[] Portions{i}(int guests)
                    {
                        var portions = new int[guests];
                        Parallel.For(0, guests, g =>
                        {
                            portions[g] = Cpu.Slice(g) % {n};
                        });
                        return portions;
                    }
            """,
            """
                    public async Task Commute{i}Async(IProgress<int> progress, CancellationToken cancellationToken)
                    {
                        for (var stop = 0; stop < 3; stop++)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            progress.Report(stop);
                        }

                        await Task.Delay(TimeSpan.FromMilliseconds({n}), cancellationToken).ConfigureAwait(false);
                    }
            """,
            """
                    public string Describe{i}(Dish? dish) => dish switch
                    {
                        null => "nothing",
                        { Name: "toast" } => "toast again",
                        var d when d.Calories > {n} => "filling " + d.Name,
                        var d => d.Name,
                    };
            """,
            """
                    public ConcurrentDictionary<string, int> Stock{i}(IEnumerable<string> items)
                    {
                        var stock = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
                        Parallel.ForEach(items, item => stock.AddOrUpdate(item, 1, (_, count) => count + 1));
                        return stock;
                    }
            """,
            """
                    public async ValueTask<int> Warm{i}Async(int plates)
                    {
                        if (plates == 0)
                        {
                            return 0;
                        }

                        await kettle.BoilAsync().ConfigureAwait(false);
                        return plates * {n};
                    }
            """,
            """
                    public int SumCalories{i}(IEnumerable<Dish> dishes) =>
                        dishes.AsParallel().Select(d => d.Calories + Cpu.Slice(d.Minutes) % 3).Sum();
            """,
            """
                    public async Task<int> Toast{i}Async(CancellationToken cancellationToken)
                    {
                        try
                        {
                            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                            timeout.CancelAfter({n} * 100);
                            return await toaster.ToastAsync(2).WaitAsync(timeout.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            return 0;
                        }
                    }
            """,
            """
                    public Dictionary<string, int> Tally{i}(IEnumerable<string> orders)
                    {
                        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
                        foreach (var order in orders)
                        {
                            tally[order] = tally.TryGetValue(order, out var count) ? count + 1 : 1;
                        }

                        return tally;
                    }
            """,
        };

        /// <summary>
        /// The clean templates that run a parallel construct, and the others (indexes into <see cref="Clean"/>; after
        /// it, since static fields are set in the order they are written).
        /// </summary>
        private static readonly int[] CleanParallel = IndexesOf(Clean, parallel: true);
        private static readonly int[] CleanSequential = IndexesOf(Clean, parallel: false);

        /// <summary>One template per rule: the confusions the analyzers exist to catch.</summary>
        private static readonly string[] Confused =
        {
            // CVP001
            """
                    public void Plate{i}(IEnumerable<string> items)
                    {
                        Parallel.ForEach(items, async item => await journal.WriteAsync(item));
                    }
            """,
            // CVP002
            """
                    public void Recipes{i}(string[] paths)
                    {
                        Parallel.ForEach(paths, path => Console.WriteLine(File.ReadAllText(path)));
                    }
            """,
            // CVP003
            """
                    public Task<Dish[]> FetchAll{i}(IEnumerable<string> names)
                    {
                        return Task.WhenAll(names.AsParallel().Select(async n => await pantry.FetchAsync(n)));
                    }
            """,
            // CVP010
            """
                    public Task Boil{i}Async() => Task.Run(() => kettle.BoilAsync());
            """,
            // CVP011
            """
                    public Task<string> Recipe{i}Async(string path) => Task.Run(() => File.ReadAllText(path));
            """,
            // CVP012
            """
                    public Task Start{i}() => Task.Factory.StartNew(async () => await kettle.BoilAsync());
            """,
            // CVP020
            """
                    public async Task<int> Wait{i}Async()
                    {
                        await kettle.BoilAsync();
                        return toaster.ToastAsync({n}).Result;
                    }
            """,
            // CVP021
            """
                    public async Task Steep{i}Async()
                    {
                        await kettle.BoilAsync();
                        Thread.Sleep({n});
                    }
            """,
            // CVP022
            """
                    public async Task<string> Note{i}Async(string path)
                    {
                        await kettle.BoilAsync();
                        return File.ReadAllText(path);
                    }
            """,
            // CVP030
            """
                    public async Task<int> Morning{i}Async(Pantry other)
                    {
                        var tea = await pantry.FetchAsync("tea");
                        var bread = await other.FetchAsync("bread");
                        return tea.Calories + bread.Calories;
                    }
            """,
            // CVP031
            """
                    public async Task Log{i}Async(IEnumerable<string> lines)
                    {
                        foreach (var line in lines)
                        {
                            await Journal.AppendAsync(line);
                        }
                    }
            """,
            // CVP040
            """
                    private async Task<int> Chop{i}Async(int n) => Cpu.Slice(n);

                    public Task<int[]> ChopAll{i}Async() => Task.WhenAll(Chop{i}Async(1), Chop{i}Async(2));
            """,
            // CVP050
            """
                    public int Count{i}(int[] items)
                    {
                        var count = 0;
                        Parallel.ForEach(items, item => { count += item; });
                        return count;
                    }
            """,
            // CVP051
            """
                    public List<int> Collect{i}(int[] items)
                    {
                        var results = new List<int>();
                        Parallel.ForEach(items, item => results.Add(Cpu.Slice(item)));
                        return results;
                    }
            """,
            // CVP060
            """
                    public async void Ring{i}()
                    {
                        await kettle.BoilAsync();
                    }
            """,
            // CVP061
            """
                    public void Remind{i}()
                    {
                        journal.WriteAsync("remember the keys");
                    }
            """,
        };

        private const string Support = """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Corpus.Support
            {
                public sealed record Dish(string Name, int Calories, int Minutes);

                public sealed class Kettle
                {
                    public Task BoilAsync(CancellationToken cancellationToken = default) => Task.Delay(1, cancellationToken);
                }

                public sealed class Toaster
                {
                    public Task<int> ToastAsync(int slices) => Task.FromResult(slices);
                }

                public sealed class Pantry
                {
                    public Task<Dish> FetchAsync(string name, CancellationToken cancellationToken = default) =>
                        Task.FromResult(new Dish(name, name.Length * 50, name.Length));
                }

                public sealed class Journal
                {
                    private readonly List<string> lines = new List<string>();

                    public Task WriteAsync(string line)
                    {
                        lock (lines)
                        {
                            lines.Add(line);
                        }

                        return Task.CompletedTask;
                    }

                    public static Task AppendAsync(string line) => Task.Delay(line.Length % 3);
                }

                public static class Cpu
                {
                    public static int Slice(int seed)
                    {
                        var hash = seed;
                        for (var i = 0; i < 64; i++)
                        {
                            hash = unchecked(hash * 31 + i);
                        }

                        return hash & 0x7fff;
                    }
                }
            }
            """;
    }
}
