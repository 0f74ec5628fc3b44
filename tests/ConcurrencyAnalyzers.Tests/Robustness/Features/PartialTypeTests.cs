using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify050 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP050UnsynchronizedSharedWriteAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP050UnsynchronizedSharedWriteCodeFix>;
using Verify051 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP051NonThreadSafeCollectionAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP051NonThreadSafeCollectionCodeFix>;
using Verify020 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP020BlockingWaitInAsyncCodeAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP020BlockingWaitInAsyncCodeCodeFix>;
using Verify060 = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP060AsyncVoidMethodAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP060AsyncVoidMethodCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Robustness.Features
{
    /// <summary>A type split over two files: the declaration is in one, the flagged code in the other; fixes edit only the right file.</summary>
    public sealed class PartialTypeTests
    {
        private const string BreakfastFields = """
            using System.Collections.Generic;

            partial class Breakfast
            {
                int total;
                readonly List<int> plates = new List<int>();
            }
            """;

        [Fact]
        public async Task CVP050_FieldOfTheOtherPart_WrittenInParallelFor_IsFlaggedAndFixedInThisPart()
        {
            var test = new Verify050.Test();
            test.TestState.Sources.Add(("Fields.cs", BreakfastFields));
            test.TestState.Sources.Add(("Count.cs", """
                using System.Threading.Tasks;

                partial class Breakfast
                {
                    void Count(int[] calories)
                    {
                        Parallel.For(0, calories.Length, i => { {|#0:total += calories[i]|}; });
                    }
                }
                """));
            test.ExpectedDiagnostics.Add(Verify050.Diagnostic(RuleIds.UnsynchronizedSharedWriteInParallelBody).WithLocation(0)
                .WithArguments("total", "'Interlocked.Add', or per-thread subtotals with the localInit/localFinally overload")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            test.FixedState.Sources.Add(("Fields.cs", BreakfastFields));
            test.FixedState.Sources.Add(("Count.cs", """
                using System.Threading;
                using System.Threading.Tasks;

                partial class Breakfast
                {
                    void Count(int[] calories)
                    {
                        Parallel.For(0, calories.Length, i => { Interlocked.Add(ref total, calories[i]); });
                    }
                }
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task CVP051_ListFieldOfTheOtherPart_MutatedInParallelFor_IsFlagged_AndLocked()
        {
            var test = new Verify051.Test();
            test.TestState.Sources.Add(("Fields.cs", BreakfastFields));
            test.TestState.Sources.Add(("Serve.cs", """
                using System.Threading.Tasks;

                partial class Breakfast
                {
                    void Serve(int[] calories)
                    {
                        Parallel.For(0, calories.Length, i => { {|#0:plates.Add(calories[i])|}; });
                    }
                }
                """));
            test.ExpectedDiagnostics.Add(Verify051.Diagnostic(RuleIds.NonThreadSafeCollectionInParallelBody).WithLocation(0)
                .WithArguments("plates.Add", "List<int>", "use 'ConcurrentBag<int>' or a lock")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            test.FixedState.Sources.Add(("Fields.cs", BreakfastFields));
            test.FixedState.Sources.Add(("Serve.cs", """
                using System.Threading.Tasks;

                partial class Breakfast
                {
                    void Serve(int[] calories)
                    {
                        var gate = new object();
                        Parallel.For(0, calories.Length, i =>
                        {
                            lock (gate)
                            {
                                plates.Add(calories[i]);
                            }
                        });
                    }
                }
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task CVP020_InTheImplementationOfAnExtendedPartialMethod_IsFlaggedAndAwaited()
        {
            const string Declaration = """
                using System.Threading.Tasks;

                partial class Breakfast
                {
                    private partial Task<int> EatAsync(Task<int> toast);
                }
                """;
            var test = new Verify020.Test();
            test.TestState.Sources.Add(("Declaration.cs", Declaration));
            test.TestState.Sources.Add(("Implementation.cs", """
                using System.Threading.Tasks;

                partial class Breakfast
                {
                    private async partial Task<int> EatAsync(Task<int> toast)
                    {
                        await Task.Yield();
                        return {|#0:toast.Result|};
                    }
                }
                """));
            test.ExpectedDiagnostics.Add(Verify020.Diagnostic(RuleIds.BlockingWaitInAsyncCode).WithLocation(0).WithArguments(".Result", "await"));
            test.FixedState.Sources.Add(("Declaration.cs", Declaration));
            test.FixedState.Sources.Add(("Implementation.cs", """
                using System.Threading.Tasks;

                partial class Breakfast
                {
                    private async partial Task<int> EatAsync(Task<int> toast)
                    {
                        await Task.Yield();
                        return await toast;
                    }
                }
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task CVP060_AsyncVoidPartialMethodIsLeftAlone_WhileAnOrdinaryAsyncVoidInTheOtherPartIsFixed()
        {
            // The partial method's void is declared in the other file (docs/rules/CVP060.md: not flagged); the
            // ordinary async void method beside it is flagged and its fix compiles with the caller in the other part.
            const string Caller = """
                partial class Breakfast
                {
                    partial void OnServed();

                    public void Start()
                    {
                        OnServed();
                        Serve();
                    }
                }
                """;
            var test = new Verify060.Test();
            test.TestState.Sources.Add(("Caller.cs", Caller));
            test.TestState.Sources.Add(("Serve.cs", """
                using System.Threading.Tasks;

                partial class Breakfast
                {
                    async partial void OnServed() => await Task.Delay(1);

                    async void {|#0:Serve|}()
                    {
                        await Task.Delay(10);
                    }
                }
                """));
            test.ExpectedDiagnostics.Add(Verify060.Diagnostic(RuleIds.AsyncVoidMethod).WithLocation(0).WithArguments("Serve"));
            test.FixedState.Sources.Add(("Caller.cs", Caller));
            test.FixedState.Sources.Add(("Serve.cs", """
                using System.Threading.Tasks;

                partial class Breakfast
                {
                    async partial void OnServed() => await Task.Delay(1);

                    async Task Serve()
                    {
                        await Task.Delay(10);
                    }
                }
                """));
            await test.RunAsync();
        }
    }
}
