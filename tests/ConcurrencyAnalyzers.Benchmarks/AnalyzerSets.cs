using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConcurrencyAnalyzers.Benchmarks
{
    /// <summary>A named group of analyzers measured together (one package, the floor, ...).</summary>
    internal sealed class AnalyzerSet
    {
        public AnalyzerSet(string name, ImmutableArray<DiagnosticAnalyzer> analyzers, string note)
        {
            Name = name;
            Analyzers = analyzers;
            Note = note;
        }

        public string Name { get; }

        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

        public string Note { get; }
    }

    /// <summary>Finds the analyzers to measure: ours from our assembly, the peers from their NuGet packages.</summary>
    internal static class AnalyzerSets
    {
        public static AnalyzerSet Ours()
        {
            var analyzers = typeof(ConcurrencyAnalyzers.Descriptors).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            return new AnalyzerSet("ConcurrencyAnalyzers", analyzers, analyzers.Length + " rules");
        }

        public static AnalyzerSet Floor() =>
            new AnalyzerSet("floor (no-op)", ImmutableArray.Create<DiagnosticAnalyzer>(new FloorAnalyzer()), "registers our action kinds, does nothing");

        /// <summary>The floor that also resolves one symbol at compilation start (see <see cref="FloorAnalyzer(bool)"/>); measured first.</summary>
        public static AnalyzerSet SymbolFloor() =>
            new AnalyzerSet("floor + first symbol", ImmutableArray.Create<DiagnosticAnalyzer>(new FloorAnalyzer(resolvesSymbols: true)), "the no-op floor that also asks for one symbol at compilation start, run first");

        /// <summary>The peers named in this assembly's metadata (package folders written at build time).</summary>
        public static IEnumerable<AnalyzerSet> Peers(Version hostRoslyn, TextWriter log)
        {
            foreach (var attribute in typeof(AnalyzerSets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (!attribute.Key.StartsWith("Peer:", StringComparison.Ordinal) || string.IsNullOrEmpty(attribute.Value))
                {
                    continue;
                }

                var name = attribute.Key.Substring("Peer:".Length);
                var folder = ChooseAnalyzerFolder(attribute.Value, hostRoslyn);
                if (folder is null)
                {
                    log.WriteLine($"  {name}: no C# analyzer folder for Roslyn {hostRoslyn} under {attribute.Value}");
                    continue;
                }

                var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
                var loader = new FolderAssemblyLoader(folder);
                foreach (var dll in Directory.GetFiles(folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
                {
                    var reference = new AnalyzerFileReference(dll, loader);
                    reference.AnalyzerLoadFailed += (_, e) => log.WriteLine($"  {name}: {Path.GetFileName(dll)}: {e.ErrorCode} {e.Message}");
                    analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
                }

                var version = new DirectoryInfo(attribute.Value).Name;
                var rules = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Count();
                yield return new AnalyzerSet(name + " " + version, analyzers.ToImmutable(), rules + " rules, from " + Path.GetRelativePath(attribute.Value, folder));
            }
        }

        /// <summary>
        /// Packages ship analyzers under analyzers/dotnet/cs, analyzers/cs, or per compiler version under
        /// analyzers/dotnet/roslynX.Y/cs; the host loads the newest one not newer than itself.
        /// </summary>
        private static string? ChooseAnalyzerFolder(string packageFolder, Version hostRoslyn)
        {
            var analyzersFolder = Path.Combine(packageFolder, "analyzers");
            if (!Directory.Exists(analyzersFolder))
            {
                return null;
            }

            string? best = null;
            var bestVersion = new Version(0, 0);
            foreach (var directory in Directory.GetDirectories(analyzersFolder, "roslyn*", SearchOption.AllDirectories))
            {
                var csharp = Path.Combine(directory, "cs");
                if (Version.TryParse(Path.GetFileName(directory).Substring("roslyn".Length), out var version)
                    && version <= hostRoslyn && version > bestVersion && Directory.Exists(csharp))
                {
                    best = csharp;
                    bestVersion = version;
                }
            }

            if (best is not null)
            {
                return best;
            }

            foreach (var candidate in new[] { Path.Combine(analyzersFolder, "dotnet", "cs"), Path.Combine(analyzersFolder, "cs"), Path.Combine(analyzersFolder, "dotnet") })
            {
                if (Directory.Exists(candidate) && Directory.GetFiles(candidate, "*.dll").Length > 0)
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>Loads analyzer assemblies and resolves their dependencies from the same folder.</summary>
        private sealed class FolderAssemblyLoader : IAnalyzerAssemblyLoader
        {
            private readonly string folder;

            public FolderAssemblyLoader(string folder)
            {
                this.folder = folder;
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }

            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);

            private Assembly? Resolve(object? sender, ResolveEventArgs args)
            {
                var candidate = Path.Combine(folder, new AssemblyName(args.Name).Name + ".dll");
                return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
            }
        }
    }
}
