using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ConcurrencyAnalyzers.Tests.EndToEnd
{
    /// <summary>What one <c>dotnet</c> child process did: its command line, exit code and whole output.</summary>
    public sealed class CommandResult
    {
        public CommandResult(string commandLine, string workingDirectory, int exitCode, string output, TimeSpan elapsed)
        {
            CommandLine = commandLine;
            WorkingDirectory = workingDirectory;
            ExitCode = exitCode;
            Output = output;
            Elapsed = elapsed;
        }

        public string CommandLine { get; }

        public string WorkingDirectory { get; }

        public int ExitCode { get; }

        /// <summary>Standard output and standard error, interleaved as they arrived (stderr lines prefixed).</summary>
        public string Output { get; }

        public TimeSpan Elapsed { get; }

        public override string ToString() =>
            "$ " + CommandLine + Environment.NewLine
            + "  (in " + WorkingDirectory + ", exit code " + ExitCode + ", " + Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s)" + Environment.NewLine
            + Output;
    }

    /// <summary>
    /// Runs the <c>dotnet</c> CLI as a child process with a clean environment, a bounded time and its output
    /// captured. The test host leaks MSBuild variables (MSBuildSDKsPath, MSBuildExtensionsPath,
    /// MSBUILD_EXE_PATH, DOTNET_HOST_PATH, VSTEST_*) that would point a child build at the host's MSBuild; they
    /// are removed. Build servers are disabled so no lingering process keeps the output pipes open.
    /// </summary>
    public static class DotnetCli
    {
        /// <summary>A generous bound for one command on a shared 2-core machine.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

        private static readonly string[] RemovedPrefixes = { "MSBUILD", "VSTEST", "TESTINGPLATFORM" };

        private static readonly string[] RemovedNames =
        {
            "DOTNET_HOST_PATH", "Configuration", "Platform", "TargetFramework", "RuntimeIdentifier", "OutputPath",
            "NUGET_PACKAGES", "RestorePackagesPath", "ErrorLog", "TreatWarningsAsErrors",
        };

        private static readonly Lazy<string> Executable = new Lazy<string>(FindDotnet);

        /// <summary>The <c>dotnet</c> executable: the host running these tests, else the first on PATH.</summary>
        public static string Path => Executable.Value;

        public static async Task<CommandResult> RunAsync(
            string workingDirectory,
            IReadOnlyList<string> arguments,
            IReadOnlyDictionary<string, string>? extraEnvironment = null,
            TimeSpan? timeout = null)
        {
            var startInfo = new ProcessStartInfo(Path)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            CleanEnvironment(startInfo.Environment);
            if (extraEnvironment is not null)
            {
                foreach (var pair in extraEnvironment)
                {
                    startInfo.Environment[pair.Key] = pair.Value;
                }
            }

            var commandLine = "dotnet " + string.Join(" ", arguments.Select(Quote));
            var output = new StringBuilder();
            var gate = new object();
            var stopwatch = Stopwatch.StartNew();
            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.Append("[stderr] ").AppendLine(e.Data); } } };

            if (!process.Start())
            {
                throw new InvalidOperationException("could not start " + commandLine);
            }

            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
            try
            {
                await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited between the timeout and the kill.
                }

                string partial;
                lock (gate)
                {
                    partial = output.ToString();
                }

                throw new TimeoutException(
                    "timed out after " + (timeout ?? DefaultTimeout) + ": " + commandLine + " (in " + workingDirectory + ")" + Environment.NewLine + partial);
            }

            stopwatch.Stop();
            string text;
            lock (gate)
            {
                text = output.ToString();
            }

            return new CommandResult(commandLine, workingDirectory, process.ExitCode, text, stopwatch.Elapsed);
        }

        /// <summary>Removes what the test host's own build and test run put into the environment.</summary>
        internal static void CleanEnvironment(IDictionary<string, string?> environment)
        {
            foreach (var name in environment.Keys.ToList())
            {
                if (RemovedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                    || RemovedNames.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
                {
                    environment.Remove(name);
                }
            }

            // No build servers: nothing outlives the command or holds its output pipes open.
            environment["MSBUILDDISABLENODEREUSE"] = "1";
            environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            environment["UseSharedCompilation"] = "false";
            environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            environment["DOTNET_NOLOGO"] = "1";
            environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        }

        private static string FindDotnet()
        {
            var fileName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

            // The test host runs under the same dotnet that built it; prefer that one.
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            var processPath = Environment.ProcessPath;
            if (processPath is not null && string.Equals(System.IO.Path.GetFileName(processPath), fileName, StringComparison.OrdinalIgnoreCase))
            {
                return processPath;
            }

            foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator))
            {
                if (directory.Length == 0)
                {
                    continue;
                }

                var candidate = System.IO.Path.Combine(directory, fileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("The end-to-end tests need the dotnet CLI, and none was found (DOTNET_HOST_PATH, the test host, PATH).");
        }

        private static string Quote(string argument) =>
            argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '"', '\'', ';' }) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
