using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// What a user sees in an editor: the packed package, restored by a consumer project, analysed by a
    /// real C# language server that nobody here wrote (csharp-ls, used by Neovim, Helix and Emacs). The
    /// test speaks LSP over stdio, asks for the file's diagnostics, checks CVP001's range, severity and
    /// help link, applies the package's code fix with <c>dotnet format</c> (csharp-ls does not offer
    /// third-party code fixes as code actions), sends the new text and sees the diagnostic go. Slow:
    /// it installs the server and waits for it to load the project.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    [Collection(PackageCollection.Name)]
    public sealed class LanguageServerEndToEndTests
    {
        private const string ServerVersion = "0.28.0";
        private const string Marker = "// CVP001 is reported here";
        private static readonly TimeSpan DiagnosticsDeadline = TimeSpan.FromMinutes(4);

        private const string Program = """
            using System;
            using System.Threading.Tasks;

            namespace Consumer
            {
                public static class Program
                {
                    public static void Main()
                    {
                        var dishes = new[] { "tea", "toast", "eggs" };
                        Parallel.ForEach(dishes, async dish => // CVP001 is reported here
                        {
                            await Task.Delay(10);
                            Console.WriteLine(dish);
                        });
                    }
                }
            }

            """;

        private readonly PackageFeedFixture feed;

        public LanguageServerEndToEndTests(PackageFeedFixture feed)
        {
            this.feed = feed;
        }

        [Fact]
        public async Task CsharpLs_PublishesCvp001WithRangeSeverityAndHelpLink_AndDropsItAfterTheFix()
        {
            var toolPath = Path.Combine(feed.Root, "csharp-ls-" + ServerVersion);
            var install = await DotnetCli.RunAsync(feed.Root, new[] { "tool", "install", "csharp-ls", "--version", ServerVersion, "--tool-path", toolPath });
            Assert.True(install.ExitCode == 0, "installing csharp-ls failed" + Environment.NewLine + install);
            var server = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");
            Assert.True(File.Exists(server), "no csharp-ls executable at " + server + Environment.NewLine + install);

            var consumer = ConsumerProject.Create(feed, "language-server", Program);
            var restore = await consumer.DotnetAsync("restore", ConsumerProject.ProjectFileName);
            Assert.True(restore.ExitCode == 0, restore.ToString());

            var uri = new Uri(consumer.ProgramFile).AbsoluteUri;
            var markerLine = Program.Split('\n').ToList().FindIndex(l => l.Contains(Marker, StringComparison.Ordinal));
            var markerText = Program.Split('\n')[markerLine];

            await using var client = LanguageServerClient.Start(
                server,
                new[] { "--loglevel", "info" },
                consumer.Directory,
                environment =>
                {
                    DotnetCli.CleanEnvironment(environment);
                    foreach (var pair in feed.ConsumerEnvironment())
                    {
                        environment[pair.Key] = pair.Value;
                    }
                },
                section => section == "csharp" ? new JsonObject { ["analyzersEnabled"] = true } : null);

            var initialize = await client.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = new Uri(consumer.Directory + Path.DirectorySeparatorChar).AbsoluteUri,
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject { ["configuration"] = true },
                    ["textDocument"] = new JsonObject
                    {
                        ["publishDiagnostics"] = new JsonObject(),
                        ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false },
                    },
                },
            }, TimeSpan.FromMinutes(1));
            Assert.NotNull(initialize?["capabilities"]);
            await client.NotifyAsync("initialized", new JsonObject());
            await client.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = Program },
            });

            // The server loads the project in the background; ask until our diagnostic arrives.
            var before = await PollDiagnosticsAsync(client, uri, items => items.Any(IsCvp001));
            var cvp001 = before.Where(IsCvp001).ToList();
            Assert.True(cvp001.Count == 1, "expected one CVP001, got: " + string.Join(", ", before.Select(d => d.ToJsonString())));
            var diagnostic = cvp001[0];
            var range = diagnostic["range"]!;
            Assert.Equal(markerLine, range["start"]!["line"]!.GetValue<int>());
            Assert.Equal(markerText.IndexOf("async dish", StringComparison.Ordinal), range["start"]!["character"]!.GetValue<int>());
            Assert.Equal(markerLine, range["end"]!["line"]!.GetValue<int>() - 4);
            Assert.Equal(2, diagnostic["severity"]!.GetValue<int>()); // LSP DiagnosticSeverity.Warning
            Assert.Equal(Descriptors.HelpBase + "CVP001.md", diagnostic["codeDescription"]?["href"]?.GetValue<string>());
            Assert.Contains("Parallel.ForEach", diagnostic["message"]!.GetValue<string>(), StringComparison.Ordinal);

            // Fix it the way csharp-ls users can: dotnet format runs the package's code fix.
            var format = await consumer.DotnetAsync("format", "analyzers", ConsumerProject.ProjectFileName, "--diagnostics", "CVP001", "--severity", "info", "--no-restore");
            Assert.True(format.ExitCode == 0, format.ToString());
            var fixedText = consumer.Read("Program.cs");
            Assert.Contains("Parallel.ForEachAsync", fixedText, StringComparison.Ordinal);

            await client.NotifyAsync("textDocument/didChange", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = 2 },
                ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = fixedText }),
            });
            var after = await PollDiagnosticsAsync(client, uri, items => !items.Any(IsCvp001) && items.All(i => i["severity"]?.GetValue<int>() != 1));
            Assert.DoesNotContain(after, IsCvp001);
        }

        private static bool IsCvp001(JsonNode? item) => item?["code"]?.GetValue<string>() == "CVP001";

        /// <summary>Pulls the document's diagnostics every two seconds until <paramref name="done"/> holds or the deadline passes.</summary>
        private static async Task<IReadOnlyList<JsonNode>> PollDiagnosticsAsync(LanguageServerClient client, string uri, Func<IReadOnlyList<JsonNode>, bool> done)
        {
            var deadline = DateTime.UtcNow + DiagnosticsDeadline;
            IReadOnlyList<JsonNode> last = Array.Empty<JsonNode>();
            while (DateTime.UtcNow < deadline)
            {
                var report = await client.RequestAsync("textDocument/diagnostic", new JsonObject
                {
                    ["textDocument"] = new JsonObject { ["uri"] = uri },
                }, TimeSpan.FromMinutes(2));
                last = (report?["items"] as JsonArray)?.Where(i => i is not null).Select(i => i!).ToList() ?? new List<JsonNode>();
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            throw new TimeoutException($"the language server did not report the expected diagnostics within {DiagnosticsDeadline.TotalMinutes} minutes; last report: "
                + string.Join(", ", last.Select(d => d.ToJsonString())) + Environment.NewLine + "Server log:" + Environment.NewLine + client.Log);
        }
    }
}
