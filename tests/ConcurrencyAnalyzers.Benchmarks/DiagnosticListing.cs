using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
    /// Lists every ConcurrencyAnalyzers diagnostic on a folder of C# files, one per line (rule, file, line,
    /// message, the source line), for classifying true and false positives by hand. Analyzer exceptions
    /// are listed too.
    /// </summary>
    internal static class DiagnosticListing
    {
        public static async Task<int> RunAsync(string folder, string outputPath, ImmutableArray<MetadataReference> references)
        {
            var files = FolderInput.SourcePaths(folder);
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var implicitUsings = CSharpSyntaxTree.ParseText(FolderInput.ImplicitUsings, parseOptions, FolderInput.ImplicitUsingsPath);
            var trees = files.Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), parseOptions, p)).Append(implicitUsings).ToImmutableArray();
            var compilation = CSharpCompilation.Create("Listing", trees, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
            var ours = AnalyzerSets.Ours().Analyzers;
            var exceptions = new List<string>();
            var withAnalyzers = compilation.WithAnalyzers(ours, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, analyzer, _) =>
                {
                    lock (exceptions)
                    {
                        exceptions.Add($"EXCEPTION\t{analyzer.GetType().Name}\t{exception.GetType().Name}: {exception.Message}");
                    }
                },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
            var builder = new StringBuilder();
            builder.AppendLine("rule\tfile\tline\tmessage\tsource");
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
            {
                var span = diagnostic.Location.GetLineSpan();
                var line = diagnostic.Location.SourceTree?.GetText().Lines[span.StartLinePosition.Line].ToString().Trim() ?? string.Empty;
                builder.Append(diagnostic.Id).Append('\t')
                    .Append(Path.GetRelativePath(folder, span.Path)).Append('\t')
                    .Append((span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(diagnostic.GetMessage(CultureInfo.InvariantCulture)).Append('\t')
                    .AppendLine(line);
            }

            foreach (var exception in exceptions)
            {
                builder.AppendLine(exception);
            }

            await File.WriteAllTextAsync(outputPath, builder.ToString()).ConfigureAwait(false);
            var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            Console.WriteLine($"{files.Count} files, {errors} compiler errors (references are the .NET runtime's only), {diagnostics.Length} diagnostics, {exceptions.Count} analyzer exceptions -> {outputPath}");
            foreach (var group in diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"  {group.Key}: {group.Count()}");
            }

            return exceptions.Count == 0 ? 0 : 1;
        }
    }
}
