using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace ConcurrencyAnalyzers.Benchmarks
{
    /// <summary>
    /// How parallel an input is: the calls of Parallel.For, ForEach, Invoke, ForAsync and ForEachAsync and of
    /// AsParallel in its text, counted the same way for the generated corpus and for a folder of real code, so that
    /// the two can be compared (a rule that reads parallel bodies costs in proportion to them).
    /// </summary>
    internal static class ParallelDensity
    {
        private static readonly Regex Construct = new Regex(
            @"\bParallel\.(For|ForEach|Invoke|ForAsync|ForEachAsync)\b|\.AsParallel\(",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);

        public static int Count(string text) => Construct.Matches(text).Count;

        public static int Count(IEnumerable<(string Path, string Text)> files)
        {
            var count = 0;
            foreach (var file in files)
            {
                count += Count(file.Text);
            }

            return count;
        }
    }
}
