using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// Reads this package's .editorconfig / .globalconfig options. Every option has a key for all rules,
    /// <c>concurrency_analyzers.&lt;option&gt;</c>, and a per-rule override,
    /// <c>concurrency_analyzers.&lt;ID&gt;.&lt;option&gt;</c>, which wins. Severities are not options:
    /// they are set with <c>dotnet_diagnostic.&lt;ID&gt;.severity</c> only.
    /// </summary>
    internal static class Options
    {
        public const string Prefix = "concurrency_analyzers.";

        /// <summary>Blocking APIs to add to the built-in table: <c>M:Sync(params)=&gt;M:Type.AsyncName M:Other(params)=&gt;M:Type.OtherAsync</c> (separated by spaces).</summary>
        public const string BlockingApis = "blocking_apis";

        /// <summary>Blocking APIs to take out of the table: <c>M:Sync(params) M:Other(params)</c> (separated by spaces).</summary>
        public const string ExcludedBlockingApis = "excluded_blocking_apis";

        /// <summary>
        /// The value of <paramref name="option"/> in one file's options: the per-rule key when
        /// <paramref name="ruleId"/> is given and set, else the key for all rules; null when neither is set.
        /// </summary>
        public static string? Get(AnalyzerConfigOptions config, string option, string? ruleId = null)
        {
            if (ruleId is not null && config.TryGetValue(Prefix + ruleId + "." + option, out var perRule))
            {
                return perRule;
            }

            return config.TryGetValue(Prefix + option, out var value) ? value : null;
        }
    }
}
