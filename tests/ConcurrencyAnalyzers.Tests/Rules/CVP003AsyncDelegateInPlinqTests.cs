using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP003AsyncDelegateInPlinqAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP003AsyncDelegateInPlinqCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP003AsyncDelegateInPlinqTests
    {
        // ---- Flags -----------------------------------------------------------------------------

        [Fact]
        public async Task Flags_AsyncLambdaInSelect_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    object M(int[] orders) => orders.AsParallel().Select({|#0:async o => { await Task.Delay(o); return o; }|});
                }
                """,
                Verify.Diagnostic(RuleIds.AsyncDelegateInPlinq).WithLocation(0).WithArguments("Select")
                    .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        }

        [Fact]
        public async Task Flags_AfterWithDegreeOfParallelism()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    object M(int[] orders) => orders.AsParallel().WithDegreeOfParallelism(4).Select({|CVP003:async o => await Task.FromResult(o)|});
                }
                """);
        }

        [Fact]
        public async Task Flags_NonAsyncLambdaReturningTask()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string> FetchAsync(int id) => throw null!;
                    object M(int[] ids) => ids.AsParallel().Select({|CVP003:id => FetchAsync(id)|});
                }
                """);
        }

        [Fact]
        public async Task Flags_MethodGroupReturningTask()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string> FetchAsync(int id) => throw null!;
                    object M(int[] ids) => ids.AsParallel().Select({|CVP003:FetchAsync|});
                }
                """);
        }

        [Fact]
        public async Task Flags_AsyncAnonymousMethod()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    object M(int[] ids) => ids.AsParallel().Select({|CVP003:async delegate (int id) { await Task.Delay(id); return id; }|});
                }
                """);
        }

        [Fact]
        public async Task Flags_SelectManyResultSelector()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    object M(int[] ids) => ids.AsParallel().SelectMany(id => new[] { id, id }, {|CVP003:async (id, copy) => { await Task.Delay(copy); return id; }|});
                }
                """);
        }

        [Fact]
        public async Task Flags_ParallelEnumerableRange_NoFix()
        {
            await Verify.VerifyNoFixAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    async Task M() => await Task.WhenAll(ParallelEnumerable.Range(0, 4).Select({|CVP003:async i => { await Task.Delay(i); return i; }|}));
                }
                """);
        }

        // ---- Does not flag ---------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_NonAsyncPlinq()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;

                class C
                {
                    int[] M(int[] ids) => ids.AsParallel().Where(id => id > 0).Select(id => id * id).ToArray();
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ForAllIsCvp001s()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] ids) => ids.AsParallel().ForAll(async id => await Task.Delay(id));
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_SequentialSelectOfTasks()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    Task M(int[] ids) => Task.WhenAll(ids.Select(async id => await Task.Delay(id)));
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserParallelQuery()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Threading.Tasks;
                using My;

                namespace My
                {
                    class ParallelQuery<T>
                    {
                        public ParallelQuery<TResult> Select<TResult>(Func<T, TResult> selector) => throw null!;
                    }

                    static class ParallelEnumerable
                    {
                        public static ParallelQuery<T> AsParallel<T>(this T[] source) => throw null!;
                    }
                }

                class C
                {
                    object M(int[] ids) => ids.AsParallel().Select(async id => await Task.Delay(id));
                }
                """);
        }

        // ---- Fix ---------------------------------------------------------------------------------

        [Fact]
        public async Task Fix_WhenAllOverParallelSelect()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string> CookAsync(int order) => throw null!;

                    async Task<string[]> M(int[] orders) =>
                        await Task.WhenAll(orders.AsParallel().Select({|CVP003:async o => await CookAsync(o)|}));
                }
                """, """
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string> CookAsync(int order) => throw null!;

                    async Task<string[]> M(int[] orders) =>
                        await Task.WhenAll(orders.Select(async o => await CookAsync(o)));
                }
                """);
        }

        [Fact]
        public async Task Fix_DropsOrderingAndDegree_BeforeToArray()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string> CookAsync(int order) => throw null!;

                    async Task<string[]> M(List<int> orders)
                    {
                        var tasks = orders.AsParallel()
                            .AsOrdered()
                            .WithDegreeOfParallelism(2)
                            .Select({|CVP003:o => CookAsync(o)|})
                            .ToArray();
                        return await Task.WhenAll(tasks);
                    }
                }
                """, """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    static Task<string> CookAsync(int order) => throw null!;

                    async Task<string[]> M(List<int> orders)
                    {
                        var tasks = orders
                            .Select(o => CookAsync(o))
                            .ToArray();
                        return await Task.WhenAll(tasks);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_ToList()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    List<Task> M(int[] eggs) => eggs.AsParallel().Select({|CVP003:async egg => await Task.Delay(egg)|}).ToList();
                }
                """, """
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    List<Task> M(int[] eggs) => eggs.Select(async egg => await Task.Delay(egg)).ToList();
                }
                """);
        }

        [Fact]
        public async Task NoFix_WithCancellation()
        {
            await Verify.VerifyNoFixAsync("""
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    Task M(int[] ids, CancellationToken token) =>
                        Task.WhenAll(ids.AsParallel().WithCancellation(token).Select({|CVP003:async id => await Task.Delay(id)|}));
                }
                """);
        }

        [Fact]
        public async Task NoFix_QueryKeptInALocal()
        {
            await Verify.VerifyNoFixAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(int[] ids)
                    {
                        var query = ids.AsParallel().Select({|CVP003:async id => await Task.Delay(id)|});
                        await Task.WhenAll(query);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_RangeAsParallelKeptInLocal_ReducedFromOrleans()
        {
            // test/Benchmarks/MapReduce/MapReduceBenchmark.cs: pipelines started with PLINQ, awaited later.
            await Verify.VerifyNoFixAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    static Task BenchCore() => throw null!;

                    async Task Bench(int count)
                    {
                        var pipelines = Enumerable
                            .Range(0, count)
                            .AsParallel()
                            .WithDegreeOfParallelism(4)
                            .Select({|CVP003:async i =>
                            {
                                await BenchCore();
                            }|});

                        await Task.WhenAll(pipelines);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_QueryableSource()
        {
            await Verify.VerifyNoFixAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    Task M(IQueryable<int> ids) => Task.WhenAll(ids.AsParallel().Select({|CVP003:async id => await Task.Delay(id)|}));
                }
                """);
        }

        [Fact]
        public async Task FixAll_TwoQueries()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(int[] eggs, int[] toasts)
                    {
                        await Task.WhenAll(eggs.AsParallel().Select({|CVP003:async e => await Task.Delay(e)|}));
                        await Task.WhenAll(toasts.AsParallel().WithDegreeOfParallelism(2).Select({|CVP003:async t => await Task.Delay(t)|}));
                    }
                }
                """, """
                using System.Linq;
                using System.Threading.Tasks;

                class C
                {
                    async Task M(int[] eggs, int[] toasts)
                    {
                        await Task.WhenAll(eggs.Select(async e => await Task.Delay(e)));
                        await Task.WhenAll(toasts.Select(async t => await Task.Delay(t)));
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_OnNetStandard20()
        {
            await new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.NetStandard20,
                TestCode = """
                    using System.Linq;
                    using System.Threading.Tasks;

                    class C
                    {
                        Task M(int[] ids) => Task.WhenAll(ids.AsParallel().Select({|CVP003:async id => await Task.Delay(id)|}));
                    }
                    """,
                FixedCode = """
                    using System.Linq;
                    using System.Threading.Tasks;

                    class C
                    {
                        Task M(int[] ids) => Task.WhenAll(ids.Select(async id => await Task.Delay(id)));
                    }
                    """,
            }.RunAsync();
        }
    }
}
