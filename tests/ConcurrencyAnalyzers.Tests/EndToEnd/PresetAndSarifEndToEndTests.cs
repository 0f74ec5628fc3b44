using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// The configuration presets as a user selects them (<c>&lt;ConcurrencyAnalyzersMode&gt;</c>) in a consumer of
    /// the packed package, and the SARIF log a CI build writes: our rules carry their help links and descriptions.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    [Collection(PackageCollection.Name)]
    public sealed class PresetAndSarifEndToEndTests
    {
        /// <summary>One case of a Warning rule in the minimal preset (CVP001), one of a Warning rule outside it (CVP061), one Info rule (CVP030).</summary>
        private const string Program = """
            using System.Threading.Tasks;

            namespace Consumer
            {
                public sealed class Kettle
                {
                    public Task<int> BoilAsync() => Task.FromResult(1);
                }

                public sealed class Toaster
                {
                    public Task<int> ToastAsync() => Task.FromResult(2);
                }

                public static class Program
                {
                    public static async Task<int> Main()
                    {
                        var dishes = new[] { 1, 2, 3 };
                        Parallel.ForEach(dishes, async dish => await Task.Delay(dish));
                        Task.Delay(1);
                        var kettle = new Kettle();
                        var toaster = new Toaster();
                        var tea = await kettle.BoilAsync();
                        var toast = await toaster.ToastAsync();
                        return tea + toast - 3;
                    }
                }
            }

            """;

        private readonly PackageFeedFixture feed;

        public PresetAndSarifEndToEndTests(PackageFeedFixture feed)
        {
            this.feed = feed;
        }

        [Theory]
        [InlineData("", "warning", "warning", "note")]
        [InlineData("default", "warning", "warning", "note")]
        [InlineData("strict", "warning", "warning", "warning")]
        [InlineData("minimal", "warning", null, null)]
        public async Task Preset_SetsEachRulesSeverity(string mode, string? cvp001, string? cvp061, string? cvp030)
        {
            var consumer = ConsumerProject.Create(feed, "preset-" + (mode.Length == 0 ? "none" : mode), Program);
            var build = await consumer.BuildAsync(mode.Length == 0 ? Array.Empty<string>() : new[] { "-p:ConcurrencyAnalyzersMode=" + mode });
            Assert.True(build.Succeeded, build.ToString());
            Assert.Equal(cvp001, build.Of("CVP001").SingleOrDefault()?.Level);
            Assert.Equal(cvp061, build.Of("CVP061").SingleOrDefault()?.Level);
            Assert.Equal(cvp030, build.Of("CVP030").FirstOrDefault()?.Level);
        }

        [Fact]
        public async Task UsersEditorConfig_WinsOverThePreset()
        {
            var consumer = ConsumerProject.Create(feed, "preset-overridden", Program, editorConfig: "dotnet_diagnostic.CVP061.severity = error\ndotnet_diagnostic.CVP001.severity = none\n");
            var build = await consumer.BuildAsync("-p:ConcurrencyAnalyzersMode=minimal");
            Assert.False(build.Succeeded, "CVP061 raised to error by .editorconfig must fail the build" + Environment.NewLine + build);
            Assert.Equal("error", build.Of("CVP061").Single().Level);
            Assert.Empty(build.Of("CVP001"));
        }

        [Fact]
        public async Task UnknownPreset_FailsTheBuildWithAClearError()
        {
            var consumer = ConsumerProject.Create(feed, "preset-unknown", Program);
            var build = await consumer.BuildAsync("-p:ConcurrencyAnalyzersMode=relaxed");
            Assert.False(build.Succeeded, build.ToString());
            Assert.Contains("CVPCFG01", build.Command.Output, StringComparison.Ordinal);
            Assert.Contains("default, strict or minimal", build.Command.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task SarifLog_CarriesHelpLinksAndDescriptions()
        {
            var consumer = ConsumerProject.Create(feed, "sarif", Program);
            var build = await consumer.BuildAsync();
            Assert.True(build.Succeeded, build.ToString());
            var rules = SarifLog.ReadRules(build.LogPath);
            foreach (var descriptor in new[] { Descriptors.CVP001AsyncDelegateInParallelLoop, Descriptors.CVP061UnobservedTask })
            {
                Assert.True(rules.TryGetValue(descriptor.Id, out var rule), descriptor.Id + " is not described in the SARIF log");
                Assert.Equal(Descriptors.HelpBase + descriptor.Id + ".md", rule!.HelpUri);
                Assert.Equal(descriptor.Title.ToString(), rule.ShortDescription);
                Assert.Equal(descriptor.Description.ToString(), rule.FullDescription);
            }
        }
    }
}
