namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>Lets tests and tools find this assembly without naming a particular code fix.</summary>
    internal static class AssemblyMarker
    {
    }
}
