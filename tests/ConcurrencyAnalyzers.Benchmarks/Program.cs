using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConcurrencyAnalyzers.Benchmarks
{
    /// <summary>
    /// Measures ConcurrencyAnalyzers side by side with a no-op floor analyzer, the peers and the compiler
    /// alone, in one process and one run. Analyzer time comes from Roslyn's own execution-time log
    /// (CompilationWithAnalyzers, logAnalyzerExecutionTime), per analyzer, with every set attached to the
    /// same compilation; the compiler's time is a full GetDiagnostics of a fresh compilation. Each figure
    /// is the median of --repeat runs after one warm-up.
    /// </summary>
    internal static class Program
    {
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        public static async Task<int> Main(string[] args)
        {
            var options = BenchmarkOptions.Parse(args);
            if (options is null)
            {
                Console.WriteLine(BenchmarkOptions.Usage);
                return 2;
            }

            if (options.ListOutput is not null)
            {
                return await DiagnosticListing.RunAsync(options.Folders.Single(), options.ListOutput, PlatformReferences()).ConfigureAwait(false);
            }

            var hostRoslyn = typeof(CSharpCompilation).Assembly.GetName().Version!;
            var report = new StringBuilder();
            void Say(string line)
            {
                Console.WriteLine(line);
                report.AppendLine(line);
            }

            Say($"# ConcurrencyAnalyzers benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Say($"Host: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Roslyn {hostRoslyn}; medians of {options.Repeat} runs after a warm-up; seed {options.Seed}.");

            // A collection that happens during a callback is charged to that callback; a large gen-0 budget
            // (DOTNET_GCgen0size, set for the process) makes those pauses rare, so small per-rule figures are steadier.
            var gen0 = Environment.GetEnvironmentVariable("DOTNET_GCgen0size");
            Say(string.IsNullOrEmpty(gen0)
                ? "GC: default settings (set DOTNET_GCgen0size=0x20000000 for steadier per-rule figures)."
                : $"GC: DOTNET_GCgen0size={gen0} (a large gen-0 budget: fewer collections landing inside callbacks, for every analyzer alike).");
            Say(options.PerFile
                ? "Mode: per file (GetAnalyzerSemanticDiagnosticsAsync document by document on one thread, as the IDE does)."
                : "Mode: whole compilation (GetAnalyzerDiagnosticsAsync, as a build does: the binder runs beside the analyzers).");
            Say(options.OursLast
                ? "Order: ConcurrencyAnalyzers attached last, after the floor" + (options.Peers ? " and the peers." : ".")
                : "Order: ConcurrencyAnalyzers attached first (after the symbol floor), then the floor" + (options.Peers ? " and the peers." : "."));
            Say(string.Empty);

            var sets = new List<AnalyzerSet> { AnalyzerSets.Ours(), AnalyzerSets.Floor(), AnalyzerSets.SymbolFloor() };
            if (options.Peers)
            {
                sets.AddRange(AnalyzerSets.Peers(new Version(hostRoslyn.Major, hostRoslyn.Minor), Console.Out));
            }

            var references = PlatformReferences();
            var inputs = new List<(string Name, IReadOnlyList<(string Path, string Text)> Files, bool Peers)>();
            foreach (var scale in options.Scales)
            {
                var files = CorpusGenerator.Generate(options.Seed, options.Lines * scale, options.DenseParallel);
                var name = options.DenseParallel ? $"generated corpus, dense parallel, {scale}x" : $"generated corpus {scale}x";
                inputs.Add((name, files, scale == options.Scales[0] && options.Peers));
            }

            foreach (var folder in options.Folders)
            {
                var files = FolderInput.Read(folder);
                inputs.Add(($"folder {folder}", files, options.Peers));
            }

            var scaling = new List<(string Name, int Lines, double OursMs, double CompilerMs, double FloorMs)>();
            foreach (var input in inputs)
            {
                var measured = input.Peers ? sets : sets.Take(3).ToList();
                var result = await MeasureAsync(input.Files, references, measured, options.Repeat, options.PerFile, options.OursLast).ConfigureAwait(false);
                Say($"## {input.Name}: {result.Files} files, {result.Lines:N0} lines, {result.CompilerErrors} compiler errors");
                Say(string.Empty);
                var parallelConstructs = ParallelDensity.Count(input.Files);
                Say($"Parallel constructs (calls of Parallel.For/ForEach/Invoke/ForAsync/ForEachAsync and AsParallel): {parallelConstructs:N0}, {parallelConstructs * 100_000.0 / Math.Max(1, result.Lines):F0} per 100k lines.");
                Say(string.Empty);
                Say("| what | analyzers | median ms | ms per 100k lines | share of compiler time | × floor | diagnostics | note |");
                Say("|---|---:|---:|---:|---:|---:|---:|---|");
                var per100k = 100_000.0 / Math.Max(1, result.Lines);
                Say($"| compiler alone (GetDiagnostics), one thread | – | {result.CompilerMs:F0} | {result.CompilerMs * per100k:F0} | 100 % | – | – | full bind and emit-free diagnostics; the reference for the shares |");
                Say($"| compiler alone (GetDiagnostics), all cores | – | {result.ParallelCompilerMs:F0} | {result.ParallelCompilerMs * per100k:F0} | {result.ParallelCompilerMs / result.CompilerMs:P0} | – | – | concurrent build, for reference |");
                var floorMs = result.SetMs["floor (no-op)"];
                foreach (var set in measured)
                {
                    var ms = result.SetMs[set.Name];
                    Say($"| {set.Name} | {set.Analyzers.Length} | {ms:F1} | {ms * per100k:F1} | {ms / result.CompilerMs:P1} | {ms / Math.Max(0.001, floorMs):F2} | {result.SetDiagnostics[set.Name]} | {set.Note}{(result.SetExceptions[set.Name] > 0 ? $"; {result.SetExceptions[set.Name]} analyzer exceptions" : string.Empty)} |");
                }

                Say(string.Empty);
                Say("Per rule (ConcurrencyAnalyzers), against the floor:");
                Say(string.Empty);
                Say("| analyzer | median ms | × floor |");
                Say("|---|---:|---:|");
                foreach (var rule in result.RuleMs.OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    Say($"| {rule.Key} | {rule.Value:F1} | {rule.Value / Math.Max(0.001, floorMs):F2} |");
                }

                Say(string.Empty);
                scaling.Add((input.Name, result.Lines, result.SetMs["ConcurrencyAnalyzers"], result.CompilerMs, floorMs));
            }

            if (scaling.Count(s => s.Name.StartsWith("generated", StringComparison.Ordinal)) > 1)
            {
                Say("## Scaling (generated corpus)");
                Say(string.Empty);
                Say("| input | lines | ConcurrencyAnalyzers ms | ms per 100k lines | compiler ms | compiler ms per 100k lines |");
                Say("|---|---:|---:|---:|---:|---:|");
                foreach (var s in scaling.Where(s => s.Name.StartsWith("generated", StringComparison.Ordinal)))
                {
                    Say($"| {s.Name} | {s.Lines:N0} | {s.OursMs:F1} | {s.OursMs * 100_000 / s.Lines:F1} | {s.CompilerMs:F0} | {s.CompilerMs * 100_000 / s.Lines:F0} |");
                }

                Say(string.Empty);
            }

            if (options.Output is not null)
            {
                await File.WriteAllTextAsync(options.Output, report.ToString()).ConfigureAwait(false);
                Console.WriteLine("report written to " + options.Output);
            }

            return 0;
        }

        private static async Task<Measurement> MeasureAsync(
            IReadOnlyList<(string Path, string Text)> files, ImmutableArray<MetadataReference> references, IReadOnlyList<AnalyzerSet> sets, int repeat, bool perFile, bool oursLast)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, f.Path)).ToImmutableArray();
            var lines = files.Sum(f => CorpusGenerator.CountLines(f.Text));
            var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);
            // One thread for the binder, as for the analyzers (concurrentAnalysis: false): compiler and analyzer times
            // are then both single-thread times, and on 2 cores the binder's worker threads do not take the analyzer
            // thread's core in the middle of a callback (whose wall-clock time Roslyn logs).
            CSharpCompilation Fresh(bool concurrentBuild = false) =>
                CSharpCompilation.Create("Benchmark", trees, references, compilationOptions.WithConcurrentBuild(concurrentBuild));

            // The symbol floor first: it takes the charge for the compilation's first symbol request (see FloorAnalyzer).
            // With --ours-last, ours go after every other set (OrderBy is stable: the rest keep their order).
            var all = sets.OrderBy(s => s.Name == "floor + first symbol" ? 0 : oursLast && s == sets[0] ? 2 : 1).SelectMany(s => s.Analyzers).ToImmutableArray();
            var compilerRuns = new List<double>();
            var parallelCompilerRuns = new List<double>();
            var setRuns = sets.ToDictionary(s => s.Name, _ => new List<double>(), StringComparer.Ordinal);
            var ours = sets[0];
            var ruleRuns = ours.Analyzers.ToDictionary(a => a.GetType().Name, _ => new List<double>(), StringComparer.Ordinal);
            var diagnostics = new Dictionary<string, int>(StringComparer.Ordinal);
            var exceptions = sets.ToDictionary(s => s.Name, _ => 0, StringComparer.Ordinal);
            var owner = new Dictionary<DiagnosticAnalyzer, string>();
            foreach (var set in sets)
            {
                foreach (var analyzer in set.Analyzers)
                {
                    owner[analyzer] = set.Name;
                }
            }

            var errors = 0;
            for (var run = 0; run <= repeat; run++)
            {
                // the compiler alone
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var stopwatch = Stopwatch.StartNew();
                var compilerDiagnostics = Fresh().GetDiagnostics();
                stopwatch.Stop();
                errors = compilerDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
                var compilerMs = stopwatch.Elapsed.TotalMilliseconds;

                // the compiler alone on every core, for reference
                GC.Collect();
                GC.WaitForPendingFinalizers();
                stopwatch.Restart();
                _ = Fresh(concurrentBuild: true).GetDiagnostics();
                stopwatch.Stop();
                var parallelCompilerMs = stopwatch.Elapsed.TotalMilliseconds;

                // every analyzer set on one fresh compilation, timed by Roslyn per analyzer
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var exceptionCount = new Dictionary<string, int>(StringComparer.Ordinal);
                var withAnalyzers = Fresh().WithAnalyzers(all, new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    (exception, analyzer, _) =>
                    {
                        lock (exceptionCount)
                        {
                            exceptionCount[owner[analyzer]] = exceptionCount.GetValueOrDefault(owner[analyzer]) + 1;
                        }
                    },
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: true,
                    reportSuppressedDiagnostics: false));
                ImmutableArray<Diagnostic> found;
                if (perFile)
                {
                    // As the IDE runs analyzers: one document at a time, binding on demand on this thread.
                    var perTree = ImmutableArray.CreateBuilder<Diagnostic>();
                    foreach (var tree in withAnalyzers.Compilation.SyntaxTrees)
                    {
                        var model = withAnalyzers.Compilation.GetSemanticModel(tree);
                        perTree.AddRange(await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).ConfigureAwait(false));
                    }

                    found = perTree.ToImmutable();
                }
                else
                {
                    found = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
                }

                if (run == 0)
                {
                    continue; // warm-up: JIT, caches, the peers' first loads
                }

                compilerRuns.Add(compilerMs);
                parallelCompilerRuns.Add(parallelCompilerMs);
                foreach (var set in sets)
                {
                    double total = 0;
                    foreach (var analyzer in set.Analyzers)
                    {
                        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false);
                        total += telemetry.ExecutionTime.TotalMilliseconds;
                        if (set == ours)
                        {
                            ruleRuns[analyzer.GetType().Name].Add(telemetry.ExecutionTime.TotalMilliseconds);
                        }
                    }

                    setRuns[set.Name].Add(total);
                    exceptions[set.Name] = exceptionCount.GetValueOrDefault(set.Name);
                    var ids = set.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
                    diagnostics[set.Name] = found.Count(d => ids.Contains(d.Id));
                }
            }

            return new Measurement(
                files.Count,
                lines,
                errors,
                Median(compilerRuns),
                Median(parallelCompilerRuns),
                setRuns.ToDictionary(p => p.Key, p => Median(p.Value), StringComparer.Ordinal),
                ruleRuns.ToDictionary(p => p.Key, p => Median(p.Value), StringComparer.Ordinal),
                diagnostics,
                exceptions);
        }

        private static double Median(List<double> values)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        /// <summary>The running .NET's own assemblies: enough to compile the generated corpus without any download.</summary>
        internal static ImmutableArray<MetadataReference> PlatformReferences()
        {
            var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            return paths
                .Where(p =>
                {
                    var name = Path.GetFileNameWithoutExtension(p);
                    return name.StartsWith("System", StringComparison.Ordinal) || name is "mscorlib" or "netstandard" || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);
                })
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        }

        private sealed record Measurement(
            int Files,
            int Lines,
            int CompilerErrors,
            double CompilerMs,
            double ParallelCompilerMs,
            Dictionary<string, double> SetMs,
            Dictionary<string, double> RuleMs,
            Dictionary<string, int> SetDiagnostics,
            Dictionary<string, int> SetExceptions);
    }

    internal sealed class BenchmarkOptions
    {
        public const string Usage = """
            ConcurrencyAnalyzers.Benchmarks — analyzer cost side by side with a floor, the peers and the compiler.
              --lines N        lines of the generated corpus at 1x (default 200000)
              --scales 1,2,4   sizes of the generated corpus to measure, as multiples of --lines (default 1,2,4; peers only at the first)
              --seed N         corpus seed (default 42)
              --dense-parallel generate the stress corpus of the first eight passes instead: one clean method in three
                               runs a parallel construct (hundreds of times the density of real code)
              --repeat N       measured runs per input after one warm-up (default 3)
              --folder DIR     also measure every .cs file under DIR (repeatable), e.g. a real project
              --no-peers       measure only ConcurrencyAnalyzers, the floor and the compiler
              --per-file       analyze document by document on one thread, as the IDE does (default: the whole
                               compilation at once, as a build does, with the binder running beside the analyzers)
              --ours-last      attach ConcurrencyAnalyzers after the peers and the floor (default: first, after the
                               symbol floor); the driver runs each body's analyzers in attach order
              --out FILE       also write the report (Markdown) to FILE
              --list FILE      instead of measuring, list every ConcurrencyAnalyzers diagnostic on the one --folder
                               as TSV (rule, file, line, message, source line) for classifying by hand
            """;

        public int Lines { get; private set; } = 200_000;

        public List<int> Scales { get; private set; } = new List<int> { 1, 2, 4 };

        public int Seed { get; private set; } = 42;

        /// <summary>Generate the dense-parallel stress corpus (see <see cref="CorpusGenerator.Generate"/>).</summary>
        public bool DenseParallel { get; private set; }

        public int Repeat { get; private set; } = 3;

        public List<string> Folders { get; } = new List<string>();

        public bool Peers { get; private set; } = true;

        /// <summary>Analyze document by document (as the IDE does) instead of the whole compilation at once (as a build does).</summary>
        public bool PerFile { get; private set; }

        /// <summary>Attach ConcurrencyAnalyzers last instead of first (see <see cref="Usage"/>).</summary>
        public bool OursLast { get; private set; }

        public string? Output { get; private set; }

        public string? ListOutput { get; private set; }

        public static BenchmarkOptions? Parse(string[] args)
        {
            var options = new BenchmarkOptions();
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
                switch (args[i])
                {
                    case "--lines": options.Lines = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--scales": options.Scales = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
                    case "--seed": options.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--dense-parallel": options.DenseParallel = true; break;
                    case "--repeat": options.Repeat = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--folder": options.Folders.Add(Next()); break;
                    case "--no-peers": options.Peers = false; break;
                    case "--per-file": options.PerFile = true; break;
                    case "--ours-last": options.OursLast = true; break;
                    case "--out": options.Output = Next(); break;
                    case "--list": options.ListOutput = Next(); break;
                    default: return null;
                }
            }

            if (options.ListOutput is not null && options.Folders.Count != 1)
            {
                return null;
            }

            return options.Repeat > 0 && options.Scales.Count > 0 ? options : null;
        }
    }
}
