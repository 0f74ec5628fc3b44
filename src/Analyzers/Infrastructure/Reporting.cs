using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// How every rule reports. The rules configure <see cref="GeneratedCodeAnalysisFlags.ReportDiagnostics"/> without
    /// <see cref="GeneratedCodeAnalysisFlags.Analyze"/>: the driver runs no action of ours on generated code (a
    /// generated file, an <c>&lt;auto-generated&gt;</c> header, a <c>[GeneratedCode]</c> member or type, an operation
    /// written in <c>#line hidden</c> code), and every rule reports inside the declaration it analyzes, so the
    /// driver's second check of each report is not needed. That check is not free: on the first report in a file
    /// the driver walks every token of the file looking for <c>GeneratedCode</c>, and the time is charged to the
    /// rule that reports (29% of our samples in a profile of a corpus with a diagnostic in most files). The one
    /// thing the second check caught that the skipping does not: a rule that looks at a visible block and reports
    /// at a statement inside it that is hidden. <see cref="Report(OperationAnalysisContext, Diagnostic)"/> drops
    /// those, from the tree's own cached line-directive map.
    /// </summary>
    internal static class Reporting
    {
        public static void Report(this OperationAnalysisContext context, Diagnostic diagnostic)
        {
            if (!IsHidden(diagnostic.Location))
            {
#pragma warning disable RS0030 // the one sanctioned call
                context.ReportDiagnostic(diagnostic);
#pragma warning restore RS0030
            }
        }

        public static void Report(this SymbolAnalysisContext context, Diagnostic diagnostic)
        {
            if (!IsHidden(diagnostic.Location))
            {
#pragma warning disable RS0030 // the one sanctioned call
                context.ReportDiagnostic(diagnostic);
#pragma warning restore RS0030
            }
        }

        /// <summary>
        /// A location in a <c>#line hidden</c> stretch of its file (code the user does not see). As the compiler
        /// reads it, in a file with hidden stretches the lines before the first <c>#line</c> directive are hidden too
        /// (the shape of generated files that map only some lines back to a source the user wrote).
        /// </summary>
        public static bool IsHidden(Location location)
            => location.SourceTree is { } tree
                && tree.HasHiddenRegions()
                && tree.GetLineVisibility(location.SourceSpan.Start) is LineVisibility.Hidden or LineVisibility.BeforeFirstLineDirective;
    }
}
