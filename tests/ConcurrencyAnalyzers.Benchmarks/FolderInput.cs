using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ConcurrencyAnalyzers.Benchmarks
{
    /// <summary>A folder of real code as benchmark input: its .cs files (not bin/obj) and the SDK's implicit usings.</summary>
    internal static class FolderInput
    {
        /// <summary>The SDK's implicit usings (ImplicitUsings=enable), which most modern projects rely on.</summary>
        public const string ImplicitUsingsPath = "ImplicitUsings.g.cs";

        public const string ImplicitUsings =
            "global using global::System; global using global::System.Collections.Generic; global using global::System.IO; global using global::System.Linq; global using global::System.Net.Http; global using global::System.Threading; global using global::System.Threading.Tasks;";

        /// <summary>Every .cs file under <paramref name="folder"/> outside bin/ and obj/, in ordinal path order.</summary>
        public static List<string> SourcePaths(string folder) =>
            Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();

        /// <summary>The files with their text, plus the implicit usings file.</summary>
        public static List<(string Path, string Text)> Read(string folder)
        {
            var files = SourcePaths(folder).Select(p => (p, File.ReadAllText(p))).ToList();
            files.Add((ImplicitUsingsPath, ImplicitUsings));
            return files;
        }
    }
}
