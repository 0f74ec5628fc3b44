using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Corpus
{
    /// <summary>
    /// The corpus fix checks can fail: a fix whose output does not compile, and a fix that leaves the diagnostic
    /// in place, are both reported — one by one and under Fix All.
    /// </summary>
    public sealed class CorpusFixChecksSelfTests
    {
        private const string Id = "CVP001";

        [Fact]
        public async Task FixThatBreaksTheBuild_IsReported()
        {
            var corpus = await CorpusWithDiagnosticsOf(Id);

            var each = await CorpusFixChecks.FixEachAsync(corpus, new CodeFixProvider[] { new BreakingFix() });
            var all = await CorpusFixChecks.FixAllAsync(corpus, new CodeFixProvider[] { new BreakingFix() });

            Assert.NotEmpty(each.Failures);
            Assert.All(each.Failures, f => Assert.Contains("does not compile", f, System.StringComparison.Ordinal));
            Assert.NotEmpty(all.Failures);
            Assert.All(all.Failures, f => Assert.Contains("does not compile", f, System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task FixThatLeavesTheDiagnostic_IsReported()
        {
            var corpus = await CorpusWithDiagnosticsOf(Id);

            var each = await CorpusFixChecks.FixEachAsync(corpus, new CodeFixProvider[] { new CommentOnlyFix() });

            Assert.NotEmpty(each.Failures);
            Assert.All(each.Failures, f => Assert.Contains("the diagnostic is still there", f, System.StringComparison.Ordinal));
        }

        private static async Task<SampleCorpus> CorpusWithDiagnosticsOf(string id)
        {
            var corpus = await SampleCorpus.LoadAsync();
            Assert.Contains(CorpusFixChecks.MarkedDiagnostics(corpus), d => d.Id == id);
            return corpus;
        }

        /// <summary>Replaces the flagged node with an undeclared name.</summary>
        private sealed class BreakingFix : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Id);

            public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

            public override async Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken))!;
                var node = root.FindNode(context.Span, getInnermostNodeForTie: true);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Break the build",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, SyntaxFactory.IdentifierName("notDeclaredAnywhere").WithTriviaFrom(node)))),
                        equivalenceKey: "Test.Break"),
                    context.Diagnostics);
            }
        }

        /// <summary>Adds a comment and changes nothing else.</summary>
        private sealed class CommentOnlyFix : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Id);

            public override FixAllProvider? GetFixAllProvider() => null;

            public override async Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken))!;
                var node = root.FindNode(context.Span, getInnermostNodeForTie: true);
                var commented = node.WithLeadingTrivia(node.GetLeadingTrivia().Add(SyntaxFactory.Comment("/* looked at */ ")));
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Only comment",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, commented))),
                        equivalenceKey: "Test.Comment"),
                    context.Diagnostics);
            }
        }
    }
}
