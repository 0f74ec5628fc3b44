using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ConcurrencyAnalyzers.Tests.EndToEnd
{
    /// <summary>One result of a compiler SARIF 2.1 error log.</summary>
    public sealed record SarifResult(string RuleId, string Level, string File, int StartLine, string Message)
    {
        public override string ToString() => System.IO.Path.GetFileName(File) + "(" + StartLine + "): " + Level + " " + RuleId + ": " + Message;
    }

    /// <summary>One rule as the compiler describes it in a SARIF 2.1 error log.</summary>
    public sealed record SarifRule(string Id, string? HelpUri, string? ShortDescription, string? FullDescription);

    /// <summary>Reads the results of the error log the compiler writes for <c>-p:ErrorLog=path%2Cversion=2.1</c>.</summary>
    public static class SarifLog
    {
        public static IReadOnlyList<SarifResult> Read(string path)
        {
            if (!System.IO.File.Exists(path))
            {
                throw new InvalidOperationException("the compiler wrote no error log at " + path + " (did the compilation run?)");
            }

            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
            var root = document.RootElement;
            if (root.GetProperty("version").GetString() != "2.1.0")
            {
                throw new InvalidOperationException("expected a SARIF 2.1.0 log at " + path);
            }

            var results = new List<SarifResult>();
            foreach (var run in root.GetProperty("runs").EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var runResults))
                {
                    continue;
                }

                foreach (var result in runResults.EnumerateArray())
                {
                    var file = string.Empty;
                    var line = 0;
                    if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0)
                    {
                        var physical = locations[0].GetProperty("physicalLocation");
                        file = new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath;
                        line = physical.GetProperty("region").GetProperty("startLine").GetInt32();
                    }

                    results.Add(new SarifResult(
                        result.GetProperty("ruleId").GetString()!,
                        result.TryGetProperty("level", out var level) ? level.GetString()! : "warning",
                        file,
                        line,
                        result.GetProperty("message").GetProperty("text").GetString()!));
                }
            }

            return results;
        }

        /// <summary>The rules the log describes (tool.driver.rules), by ID.</summary>
        public static IReadOnlyDictionary<string, SarifRule> ReadRules(string path)
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
            var rules = new Dictionary<string, SarifRule>(StringComparer.Ordinal);
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                if (!run.GetProperty("tool").GetProperty("driver").TryGetProperty("rules", out var list))
                {
                    continue;
                }

                foreach (var rule in list.EnumerateArray())
                {
                    var id = rule.GetProperty("id").GetString()!;
                    rules[id] = new SarifRule(
                        id,
                        rule.TryGetProperty("helpUri", out var help) ? help.GetString() : null,
                        rule.TryGetProperty("shortDescription", out var shortDescription) ? shortDescription.GetProperty("text").GetString() : null,
                        rule.TryGetProperty("fullDescription", out var fullDescription) ? fullDescription.GetProperty("text").GetString() : null);
                }
            }

            return rules;
        }
    }
}
