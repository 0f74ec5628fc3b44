using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// The package as a user meets it: packed from src/Package, restored by a fresh console project from a
    /// local feed, reporting CVP001 in a real build, configured through .editorconfig and fixed by
    /// <c>dotnet format</c> with the package's own code fix. Slow (a few minutes): filter it out with
    /// <c>--filter Category!=EndToEnd</c> while working on a rule.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    [Collection(PackageCollection.Name)]
    public sealed class PackageEndToEndTests
    {
        /// <summary>The line where CVP001 must be reported ends with this marker.</summary>
        private const string Marker = "// CVP001 is reported here";

        /// <summary>
        /// The morning routine's confusion: waiting (Task.Delay) handed to a parallel loop. The first line of
        /// output comes from the work each body does before its first await, which Parallel.ForEach runs to
        /// completion before it returns, so it is the same before and after the fix. The second line counts
        /// the work after the await: with async void bodies the loop does not wait for it, so only the fixed
        /// program (awaiting Parallel.ForEachAsync) is sure to print "finished: 15".
        /// </summary>
        private const string ConfusedProgram = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Consumer
            {
                public static class Program
                {
                    public static void Main()
                    {
                        var dishes = new[] { 1, 2, 3, 4, 5 };
                        var started = 0;
                        var finished = 0;
                        Parallel.ForEach(dishes, async dish => // CVP001 is reported here
                        {
                            Interlocked.Add(ref started, dish);
                            await Task.Delay(10);
                            Interlocked.Add(ref finished, dish);
                        });
                        Console.WriteLine("started: " + Volatile.Read(ref started));
                        Console.WriteLine("finished: " + Volatile.Read(ref finished));
                    }
                }
            }

            """;

        private readonly PackageFeedFixture feed;

        public PackageEndToEndTests(PackageFeedFixture feed) => this.feed = feed;

        private static int MarkerLine => ConfusedProgram.Split('\n').Select((text, index) => (text, index)).Single(l => l.text.Contains(Marker, StringComparison.Ordinal)).index + 1;

        [Fact]
        public void Package_ShipsBothAssembliesAsAnalyzers_AndNothingElse()
        {
            using var zip = ZipFile.OpenRead(feed.PackagePath);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            var listing = string.Join(Environment.NewLine, names);

            var analyzerFiles = names.Where(n => n.StartsWith("analyzers/", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.Equal(
                new[] { "analyzers/dotnet/cs/ConcurrencyAnalyzers.CodeFixes.dll", "analyzers/dotnet/cs/ConcurrencyAnalyzers.dll" },
                analyzerFiles);
            Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(names, n => n.StartsWith("ref/", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(names, n => n.StartsWith("tools/", StringComparison.OrdinalIgnoreCase));
            Assert.True(names.Contains("README.md"), listing);
            Assert.True(names.Contains("LICENSE"), listing);

            // The packed DLLs are the real rule and its fix, not an empty build output.
            Assert.Contains("CVP001AsyncDelegateInParallelLoopAnalyzer", TypeNames(zip, "analyzers/dotnet/cs/ConcurrencyAnalyzers.dll"));
            Assert.Contains("CVP001AsyncDelegateInParallelLoopCodeFix", TypeNames(zip, "analyzers/dotnet/cs/ConcurrencyAnalyzers.CodeFixes.dll"));
        }

        [Fact]
        public void Nuspec_IsADevelopmentDependency_WithoutDependencies()
        {
            using var zip = ZipFile.OpenRead(feed.PackagePath);
            var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
            using var stream = entry.Open();
            var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

            Assert.Equal("ConcurrencyAnalyzers", Value("id"));
            Assert.Equal(feed.Version, Value("version"));
            Assert.Equal("true", Value("developmentDependency"));
            Assert.Equal("MIT", Value("license"));
            Assert.Equal("README.md", Value("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Value("description")));
            Assert.False(string.IsNullOrWhiteSpace(Value("projectUrl")));
            Assert.Contains("analyzers", Value("tags") ?? string.Empty, StringComparison.Ordinal);
            Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));
        }

        [Fact]
        public async Task AddPackage_ThenBuild_ReportsCVP001AtTheLine_AndTheProgramRuns()
        {
            var consumer = ConsumerProject.Create(feed, "add-package", ConfusedProgram, referencePackage: false);

            var add = await consumer.DotnetAsync("add", ConsumerProject.ProjectFileName, "package", "ConcurrencyAnalyzers", "--version", feed.Version);
            Assert.True(add.ExitCode == 0, add.ToString());
            var project = XDocument.Parse(consumer.Read(ConsumerProject.ProjectFileName));
            var reference = project.Descendants("PackageReference").Single(e => (string?)e.Attribute("Include") == "ConcurrencyAnalyzers");
            Assert.Equal(feed.Version, (string?)reference.Attribute("Version"));
            // developmentDependency: the analyzers do not flow to the consumer's own consumers.
            Assert.Equal("all", ((string?)reference.Attribute("PrivateAssets") ?? reference.Element("PrivateAssets")?.Value)?.Trim());

            var build = await consumer.BuildAsync();
            Assert.True(build.Succeeded, build.ToString());
            var diagnostic = Assert.Single(build.Of("CVP001"));
            Assert.Equal(consumer.ProgramFile, diagnostic.File);
            Assert.Equal(MarkerLine, diagnostic.StartLine);
            Assert.Equal("warning", diagnostic.Level);
            Assert.Contains("Parallel.ForEachAsync", diagnostic.Message, StringComparison.Ordinal);
            Assert.Contains("Program.cs(" + MarkerLine + ",", build.Command.Output, StringComparison.Ordinal);
            Assert.Contains("warning CVP001", build.Command.Output, StringComparison.Ordinal);

            // The analyzers came from this run's package, restored into the isolated packages folder.
            Assert.True(File.Exists(Path.Combine(consumer.RestoredPackageFolder, "analyzers", "dotnet", "cs", "ConcurrencyAnalyzers.dll")), build.ToString());
            Assert.Contains(feed.Packages, consumer.Read(Path.Combine("obj", "project.assets.json")).Replace("\\\\", "\\", StringComparison.Ordinal), StringComparison.Ordinal);

            var output = await consumer.RunAsync();
            Assert.Equal("started: 15", output[0]);
        }

        [Fact]
        public async Task WarnAsError_FailsTheBuildOnCVP001()
        {
            var consumer = ConsumerProject.Create(feed, "warnaserror", ConfusedProgram);

            var build = await consumer.BuildAsync("-warnaserror");

            Assert.False(build.Succeeded, build.ToString());
            Assert.Contains("error CVP001", build.Command.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task EditorConfigSeverityNone_SilencesCVP001()
        {
            var consumer = ConsumerProject.Create(feed, "severity-none", ConfusedProgram, editorConfig: "dotnet_diagnostic.CVP001.severity = none\n");

            var build = await consumer.BuildAsync("-warnaserror");

            Assert.True(build.Succeeded, build.ToString());
            Assert.Empty(build.Of("CVP001"));
            Assert.DoesNotContain("CVP001", build.Command.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task EditorConfigSeverityError_FailsTheBuild()
        {
            var consumer = ConsumerProject.Create(feed, "severity-error", ConfusedProgram, editorConfig: "dotnet_diagnostic.CVP001.severity = error\n");

            var build = await consumer.BuildAsync();

            Assert.False(build.Succeeded, build.ToString());
            Assert.Contains("Program.cs(" + MarkerLine + ",", build.Command.Output, StringComparison.Ordinal);
            Assert.Contains("error CVP001", build.Command.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task DotnetFormat_AppliesThePackagesCodeFix_AndTheProgramKeepsItsResult()
        {
            var consumer = ConsumerProject.Create(feed, "format", ConfusedProgram);
            var before = await consumer.BuildAsync();
            Assert.True(before.Succeeded, before.ToString());
            Assert.Single(before.Of("CVP001"));
            var confusedOutput = await consumer.RunAsync();

            string[] Format(params string[] extra) =>
                new[] { "format", "analyzers", ConsumerProject.ProjectFileName, "--diagnostics", "CVP001", "--severity", "info", "-v", "n" }.Concat(extra).ToArray();

            var check = await consumer.DotnetAsync(Format("--verify-no-changes"));
            Assert.True(check.ExitCode != 0, "dotnet format found nothing to fix" + Environment.NewLine + check);
            Assert.Equal(ConfusedProgram, consumer.Read("Program.cs"));

            var format = await consumer.DotnetAsync(Format());
            Assert.True(format.ExitCode == 0, format.ToString());
            var fixedSource = consumer.Read("Program.cs");
            Assert.Contains("public static async Task Main()", fixedSource, StringComparison.Ordinal);
            Assert.Contains("await Parallel.ForEachAsync(dishes, async (dish, cancellationToken) =>", fixedSource, StringComparison.Ordinal);
            Assert.DoesNotContain("Parallel.ForEach(", fixedSource, StringComparison.Ordinal);

            var recheck = await consumer.DotnetAsync(Format("--verify-no-changes"));
            Assert.True(recheck.ExitCode == 0, recheck.ToString());

            var after = await consumer.BuildAsync("-warnaserror");
            Assert.True(after.Succeeded, after.ToString());
            Assert.Empty(after.Of("CVP001"));
            Assert.DoesNotContain(after.Results, r => r.RuleId.StartsWith("CVP", StringComparison.Ordinal));

            // Same result as before the fix; and now the loop awaits every body, so the work after the await is done too.
            var fixedOutput = await consumer.RunAsync();
            Assert.Equal(confusedOutput[0], fixedOutput[0]);
            Assert.Equal(new[] { "started: 15", "finished: 15" }, fixedOutput);
        }

        private static string[] TypeNames(ZipArchive zip, string entryName)
        {
            var entry = zip.GetEntry(entryName);
            Assert.NotNull(entry);
            using var memory = new MemoryStream();
            using (var stream = entry!.Open())
            {
                stream.CopyTo(memory);
            }

            memory.Position = 0;
            using var pe = new PEReader(memory);
            var reader = pe.GetMetadataReader();
            return reader.TypeDefinitions.Select(h => reader.GetString(reader.GetTypeDefinition(h).Name)).ToArray();
        }
    }
}
