using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConcurrencyAnalyzers.Tests.Robustness
{
    /// <summary>
    /// Turns a C# source into what it looks like while someone is typing it: cut off mid-token stream,
    /// tokens or lines missing, braces and parentheses unbalanced, async/await dropped, argument lists
    /// swapped. Deterministic for a given <see cref="Random"/> seed.
    /// </summary>
    internal static class SourceMutator
    {
        public static readonly string[] Kinds =
        {
            "truncate", "delete-tokens", "delete-lines", "unbalance", "drop-async-await", "swap-arguments", "duplicate-line",
        };

        public static (string Kind, string Text) Mutate(string source, Random random)
        {
            var kind = Kinds[random.Next(Kinds.Length)];
            var tree = CSharpSyntaxTree.ParseText(source);
            var tokens = tree.GetRoot().DescendantTokens().Where(t => !t.IsKind(SyntaxKind.EndOfFileToken)).ToList();
            if (tokens.Count == 0)
            {
                return (kind, source);
            }

            switch (kind)
            {
                case "truncate":
                {
                    var token = tokens[random.Next(tokens.Count)];
                    var end = random.Next(2) == 0 ? token.Span.Start : token.Span.End;
                    return (kind, source.Substring(0, end));
                }

                case "delete-tokens":
                {
                    var count = 1 + random.Next(3);
                    var removed = new HashSet<int>();
                    for (var i = 0; i < count; i++)
                    {
                        removed.Add(random.Next(tokens.Count));
                    }

                    return (kind, RemoveSpans(source, removed.Select(i => tokens[i].Span)));
                }

                case "delete-lines":
                {
                    var lines = source.Split('\n').ToList();
                    var count = 1 + random.Next(Math.Min(4, lines.Count));
                    for (var i = 0; i < count && lines.Count > 1; i++)
                    {
                        lines.RemoveAt(random.Next(lines.Count));
                    }

                    return (kind, string.Join("\n", lines));
                }

                case "unbalance":
                {
                    var brackets = tokens.Where(t => t.IsKind(SyntaxKind.OpenBraceToken) || t.IsKind(SyntaxKind.CloseBraceToken)
                        || t.IsKind(SyntaxKind.OpenParenToken) || t.IsKind(SyntaxKind.CloseParenToken)).ToList();
                    if (brackets.Count == 0 || random.Next(3) == 0)
                    {
                        var at = tokens[random.Next(tokens.Count)].Span.Start;
                        var inserted = "{}()"[random.Next(4)];
                        return (kind, source.Insert(at, inserted.ToString()));
                    }

                    return (kind, RemoveSpans(source, new[] { brackets[random.Next(brackets.Count)].Span }));
                }

                case "drop-async-await":
                {
                    var keywords = tokens.Where(t => t.IsKind(SyntaxKind.AwaitKeyword) || (t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == "async")
                        || t.IsKind(SyntaxKind.AsyncKeyword)).ToList();
                    if (keywords.Count == 0)
                    {
                        return (kind, source);
                    }

                    // drop all of them or one of them
                    var chosen = random.Next(2) == 0 ? keywords : new List<SyntaxToken> { keywords[random.Next(keywords.Count)] };
                    return (kind, RemoveSpans(source, chosen.Select(t => t.Span)));
                }

                case "swap-arguments":
                {
                    var lists = tree.GetRoot().DescendantNodes().OfType<ArgumentListSyntax>().ToList();
                    if (lists.Count < 2)
                    {
                        return (kind, source);
                    }

                    var a = lists[random.Next(lists.Count)];
                    var b = lists[random.Next(lists.Count)];
                    if (a.Span.OverlapsWith(b.Span))
                    {
                        return (kind, source);
                    }

                    var (first, second) = a.SpanStart < b.SpanStart ? (a, b) : (b, a);
                    var builder = new StringBuilder(source);
                    builder.Remove(second.Span.Start, second.Span.Length).Insert(second.Span.Start, first.ToString());
                    builder.Remove(first.Span.Start, first.Span.Length).Insert(first.Span.Start, second.ToString());
                    return (kind, builder.ToString());
                }

                default:
                {
                    var lines = source.Split('\n').ToList();
                    var line = random.Next(lines.Count);
                    lines.Insert(random.Next(lines.Count), lines[line]);
                    return (kind, string.Join("\n", lines));
                }
            }
        }

        private static string RemoveSpans(string source, IEnumerable<Microsoft.CodeAnalysis.Text.TextSpan> spans)
        {
            var builder = new StringBuilder(source);
            foreach (var span in spans.Distinct().OrderByDescending(s => s.Start))
            {
                builder.Remove(span.Start, span.Length);
            }

            return builder.ToString();
        }
    }
}
