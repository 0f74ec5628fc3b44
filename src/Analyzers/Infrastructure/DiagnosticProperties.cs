namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/>: the facts an analyzer hands to
    /// its code fix so that the fix never runs the analysis again.
    /// </summary>
    internal static class DiagnosticProperties
    {
        /// <summary>Which shape of fix applies (rule-specific values).</summary>
        public const string FixShape = "FixShape";

        /// <summary>Present (value "true") when no safe fix exists.</summary>
        public const string NoFix = "NoFix";

        /// <summary>The documentation-comment ID of the async counterpart of a blocking call.</summary>
        public const string CounterpartId = "CounterpartId";

        /// <summary>The name of the async counterpart of a blocking call.</summary>
        public const string CounterpartName = "CounterpartName";

        public const string True = "true";
    }
}
