using System;
using System.IO;

namespace ConcurrencyAnalyzers.Tests.Infrastructure
{
    /// <summary>Finds the repository's folders from the test's output folder.</summary>
    public static class RepositoryPaths
    {
        private static readonly Lazy<string> RootPath = new Lazy<string>(FindRoot);

        public static string Root => RootPath.Value;

        public static string Docs => Path.Combine(Root, "docs");

        public static string Samples => Path.Combine(Root, "samples");

        public static string Source => Path.Combine(Root, "src");

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ConcurrencyAnalyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("ConcurrencyAnalyzers.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
