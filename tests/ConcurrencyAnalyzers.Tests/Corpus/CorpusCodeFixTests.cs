using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Catalogue;
using Xunit;
using Xunit.Abstractions;

namespace ConcurrencyAnalyzers.Tests.Corpus
{
    /// <summary>
    /// The shipped code fixes, tried on the morning-routine sample: each marked diagnostic whose rule has a fix is
    /// fixed on its own (the result compiles and loses the diagnostic), and Fix All on each Confused/ file, for
    /// every kind of fix offered there, compiles.
    /// </summary>
    public sealed class CorpusCodeFixTests
    {
        private readonly ITestOutputHelper output;

        public CorpusCodeFixTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public async Task EachMarkedDiagnostic_FixCompilesAndRemovesIt()
        {
            var corpus = await SampleCorpus.LoadAsync();
            Assert.Empty(corpus.CompileErrors);

            var result = await CorpusFixChecks.FixEachAsync(corpus, RuleCatalogueTests.CodeFixes);

            Report(result, "fixes applied");
            Assert.True(result.Failures.Count == 0, "Code fixes on the sample failed:\n  " + string.Join("\n  ", result.Failures));
        }

        [Fact]
        public async Task FixAll_OnEachConfusedFile_Compiles()
        {
            var corpus = await SampleCorpus.LoadAsync();
            Assert.Empty(corpus.CompileErrors);

            var result = await CorpusFixChecks.FixAllAsync(corpus, RuleCatalogueTests.CodeFixes);

            Report(result, "Fix All runs");
            Assert.True(result.Failures.Count == 0, "Fix All on the sample failed:\n  " + string.Join("\n  ", result.Failures));
        }

        private void Report(FixCheckResult result, string what)
        {
            foreach (var note in result.Notes)
            {
                output.WriteLine(note);
            }

            output.WriteLine(what + ": " + result.Runs);
        }
    }
}
