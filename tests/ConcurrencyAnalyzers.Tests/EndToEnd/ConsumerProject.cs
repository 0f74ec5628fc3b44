using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.EndToEnd
{
    /// <summary>What a build of the consumer said: the command and the compiler's SARIF results.</summary>
    public sealed record BuildOutcome(CommandResult Command, IReadOnlyList<SarifResult> Results, string LogPath)
    {
        public bool Succeeded => Command.ExitCode == 0;

        public IEnumerable<SarifResult> Of(string ruleId) => Results.Where(r => r.RuleId == ruleId);

        public override string ToString() =>
            "SARIF results:" + Environment.NewLine + string.Join(Environment.NewLine, Results.Select(r => "  " + r)) + Environment.NewLine + Command;
    }

    /// <summary>
    /// A fresh console project (net10.0) in its own folder under the fixture's temporary folder. It restores
    /// only from the fixture's local feed for <c>ConcurrencyAnalyzers</c> (package source mapping), into the
    /// fixture's isolated packages folder, and is shielded from any Directory.Build.*, Directory.Packages.props,
    /// .editorconfig or global.json above it.
    /// </summary>
    public sealed class ConsumerProject
    {
        public const string ProjectFileName = "Consumer.csproj";

        private readonly PackageFeedFixture feed;
        private int buildCount;

        private ConsumerProject(PackageFeedFixture feed, string directory)
        {
            this.feed = feed;
            Directory = directory;
        }

        public string Directory { get; }

        public string ProjectFile => Path.Combine(Directory, ProjectFileName);

        public string ProgramFile => Path.Combine(Directory, "Program.cs");

        /// <summary>Writes the project; <paramref name="referencePackage"/> false leaves the reference to <c>dotnet add package</c>.</summary>
        public static ConsumerProject Create(PackageFeedFixture feed, string name, string program, bool referencePackage = true, string editorConfig = "")
        {
            var directory = Path.Combine(feed.Root, "consumers", name);
            System.IO.Directory.CreateDirectory(directory);
            var consumer = new ConsumerProject(feed, directory);

            var reference = referencePackage
                ? "  <ItemGroup>\n    <PackageReference Include=\"ConcurrencyAnalyzers\" Version=\"" + feed.Version + "\" PrivateAssets=\"all\" />\n  </ItemGroup>\n"
                : string.Empty;
            consumer.Write(ProjectFileName,
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n"
                + "  <PropertyGroup>\n"
                + "    <OutputType>Exe</OutputType>\n"
                + "    <TargetFramework>net10.0</TargetFramework>\n"
                + "    <Nullable>enable</Nullable>\n"
                + "    <ImplicitUsings>disable</ImplicitUsings>\n"
                + "    <!-- The audit would ask the registry for vulnerability data; this test needs only the local feed. -->\n"
                + "    <NuGetAudit>false</NuGetAudit>\n"
                + "  </PropertyGroup>\n"
                + reference
                + "</Project>\n");

            consumer.Write("nuget.config",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<configuration>\n"
                + "  <config>\n"
                + "    <add key=\"globalPackagesFolder\" value=\"" + feed.Packages + "\" />\n"
                + "  </config>\n"
                + "  <!-- Only the local feed: the consumer needs nothing but ConcurrencyAnalyzers, whose unique version exists nowhere else. -->\n"
                + "  <packageSources>\n"
                + "    <clear />\n"
                + "    <add key=\"e2e-local\" value=\"" + feed.Feed + "\" />\n"
                + "  </packageSources>\n"
                + "  <fallbackPackageFolders>\n"
                + "    <clear />\n"
                + "  </fallbackPackageFolders>\n"
                + "</configuration>\n");

            // Stop MSBuild's upward search and pin the packages folder even for dotnet format's own restore.
            consumer.Write("Directory.Build.props",
                "<Project>\n"
                + "  <PropertyGroup>\n"
                + "    <RestorePackagesPath>" + feed.Packages + "</RestorePackagesPath>\n"
                + "    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>\n"
                + "  </PropertyGroup>\n"
                + "</Project>\n");
            consumer.Write("Directory.Build.targets", "<Project />\n");
            consumer.Write("global.json", "{ \"sdk\": { \"version\": \"8.0.100\", \"rollForward\": \"latestMajor\" } }\n");
            consumer.Write(".editorconfig", "root = true\n\n[*.cs]\n" + editorConfig);
            consumer.Write("Program.cs", program);
            return consumer;
        }

        public void Write(string relativePath, string text) => File.WriteAllText(Path.Combine(Directory, relativePath), text);

        public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

        public Task<CommandResult> DotnetAsync(params string[] arguments) =>
            DotnetCli.RunAsync(Directory, arguments, feed.ConsumerEnvironment());

        /// <summary>A full (non-incremental) build that writes a fresh SARIF log; extra arguments go to MSBuild.</summary>
        public async Task<BuildOutcome> BuildAsync(params string[] extraArguments)
        {
            var log = Path.Combine(Directory, "build-" + (++buildCount) + ".sarif");
            var arguments = new List<string>
            {
                "build", ProjectFile, "--no-incremental", "--disable-build-servers", "-nodeReuse:false",
                "-p:ErrorLog=" + log + "%2Cversion=2.1",
            };
            arguments.AddRange(extraArguments);
            var command = await DotnetAsync(arguments.ToArray()).ConfigureAwait(false);
            var results = File.Exists(log) ? SarifLog.Read(log) : Array.Empty<SarifResult>();
            var outcome = new BuildOutcome(command, results, log);
            if (command.ExitCode == 0)
            {
                // A successful build must have compiled (a missing log would hide every diagnostic).
                Assert.True(File.Exists(log), "no SARIF log after a successful build" + Environment.NewLine + outcome);
            }

            return outcome;
        }

        /// <summary>Runs the built program and returns its standard output lines.</summary>
        public async Task<IReadOnlyList<string>> RunAsync()
        {
            var run = await DotnetAsync("run", "--project", ProjectFile, "--no-build").ConfigureAwait(false);
            Assert.True(run.ExitCode == 0, "the program failed" + Environment.NewLine + run);
            return run.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        }

        /// <summary>The package as restored into the isolated packages folder.</summary>
        public string RestoredPackageFolder => Path.Combine(feed.Packages, "concurrencyanalyzers", feed.Version.ToLowerInvariant());
    }
}
