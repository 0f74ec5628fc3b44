using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ConcurrencyAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConcurrencyAnalyzers.Tests.Robustness
{
    /// <summary>
    /// The seed sources of the fuzz test: every .cs file of the morning-routine sample, and every C#
    /// program written as a string literal in the test files (test markup removed).
    /// </summary>
    internal static class FuzzCorpus
    {
        private static readonly Regex Markup = new Regex(@"\{\|[^:|{}]*:|\|\}|\[\||\|\]", RegexOptions.Compiled);

        private static readonly Lazy<IReadOnlyList<(string Name, string Text)>> Sources = new Lazy<IReadOnlyList<(string, string)>>(Load);

        public static IReadOnlyList<(string Name, string Text)> All => Sources.Value;

        private static IReadOnlyList<(string Name, string Text)> Load()
        {
            var result = new List<(string, string)>();
            foreach (var file in CSharpFiles(RepositoryPaths.Samples))
            {
                result.Add((Path.GetRelativePath(RepositoryPaths.Root, file), File.ReadAllText(file)));
            }

            foreach (var file in CSharpFiles(Path.Combine(RepositoryPaths.Root, "tests")))
            {
                var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file));
                var index = 0;
                foreach (var token in tree.GetRoot().DescendantTokens())
                {
                    if (!token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) && !token.IsKind(SyntaxKind.StringLiteralToken))
                    {
                        continue;
                    }

                    var text = token.ValueText;
                    if (text.Length < 40 || !(text.Contains("class ", StringComparison.Ordinal) || text.Contains("await ", StringComparison.Ordinal)))
                    {
                        continue;
                    }

                    result.Add(($"{Path.GetRelativePath(RepositoryPaths.Root, file)}#{index++}", Markup.Replace(text, string.Empty)));
                }
            }

            return result;
        }

        private static IEnumerable<string> CSharpFiles(string folder)
        {
            if (!Directory.Exists(folder))
            {
                return Enumerable.Empty<string>();
            }

            var separator = Path.DirectorySeparatorChar;
            return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
                    && !p.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
                    && !p.Contains($"{separator}Robustness{separator}", StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal);
        }
    }
}
