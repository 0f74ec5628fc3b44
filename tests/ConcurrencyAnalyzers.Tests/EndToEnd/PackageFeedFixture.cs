using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// Packs <c>src/Package</c> once, with a version no other build has used, into a local feed inside a fresh
    /// temporary folder. Consumers restore from that feed into a packages folder of their own in the same
    /// temporary folder, so neither the machine's package cache nor an earlier run can stand in for this build.
    /// Everything is deleted afterwards.
    /// </summary>
    public sealed class PackageFeedFixture : IAsyncLifetime
    {
        public PackageFeedFixture()
        {
            var id = Guid.NewGuid().ToString("N");
            Root = Path.Combine(Path.GetTempPath(), "ca-e2e-" + id.Substring(0, 12));
            Version = "0.0.0-e2e.g" + id;
        }

        /// <summary>The temporary folder that holds the feed, the packages folder and every consumer.</summary>
        public string Root { get; }

        /// <summary>The unique package version of this run.</summary>
        public string Version { get; }

        public string Feed => Path.Combine(Root, "feed");

        /// <summary>The consumers' NuGet global packages folder (empty before the first restore).</summary>
        public string Packages => Path.Combine(Root, "packages");

        public string PackagePath => Path.Combine(Feed, "ConcurrencyAnalyzers." + Version + ".nupkg");

        /// <summary>The <c>dotnet pack</c> run, for failure messages.</summary>
        public CommandResult? Pack { get; private set; }

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(Feed);
            Directory.CreateDirectory(Packages);

            var project = Path.Combine(RepositoryPaths.Source, "Package", "ConcurrencyAnalyzers.Package.csproj");
            Assert.True(File.Exists(project), "missing " + project);

            // Own artifacts folder: the pack neither reads nor overwrites the repository's bin/obj folders.
            Pack = await DotnetCli.RunAsync(
                RepositoryPaths.Root,
                new[]
                {
                    "pack", project,
                    "-c", "Release",
                    "-o", Feed,
                    "--artifacts-path", Path.Combine(Root, "artifacts"),
                    "-p:Version=" + Version,
                    "--disable-build-servers",
                    "-nodeReuse:false",
                },
                PassThroughPackagesFolder()).ConfigureAwait(false);

            if (Pack.ExitCode != 0 || !File.Exists(PackagePath))
            {
                throw new InvalidOperationException("dotnet pack failed or produced no " + PackagePath + Environment.NewLine + Pack);
            }
        }

        public Task DisposeAsync()
        {
            DeleteDirectory(Root);
            return Task.CompletedTask;
        }

        /// <summary>The environment of a consumer's commands: the isolated packages folder and HTTP cache.</summary>
        public IReadOnlyDictionary<string, string> ConsumerEnvironment() => new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Packages,
            ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Root, "http-cache"),
        };

        internal static void DeleteDirectory(string path)
        {
            for (var attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
            {
                try
                {
                    Directory.Delete(path, recursive: true);
                }
                catch (IOException) when (attempt < 4)
                {
                    Thread.Sleep(200);
                }
                catch (UnauthorizedAccessException) when (attempt < 4)
                {
                    Thread.Sleep(200);
                }
            }
        }

        /// <summary>
        /// The pack restores the repository's own projects like any build here: from the machine's packages
        /// folder (kept when the caller set one through NUGET_PACKAGES).
        /// </summary>
        private static Dictionary<string, string> PassThroughPackagesFolder()
        {
            var environment = new Dictionary<string, string>();
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (!string.IsNullOrEmpty(packages))
            {
                environment["NUGET_PACKAGES"] = packages;
            }

            return environment;
        }
    }
}
