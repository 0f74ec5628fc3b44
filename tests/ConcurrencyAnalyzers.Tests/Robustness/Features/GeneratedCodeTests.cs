using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.Rules;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Robustness.Features
{
    /// <summary>
    /// Generated code is not the user's to fix: every rule's flagged shape is silent in a <c>*.g.cs</c> file,
    /// in a file that starts with <c>// &lt;auto-generated/&gt;</c> and in a type marked <c>[GeneratedCode]</c>,
    /// while the same code in an ordinary file is flagged (the positive control, so each case can fail).
    /// </summary>
    public sealed class GeneratedCodeTests
    {
        private const string AttributePlaceholder = "/*attr*/";
        private const string GeneratedCodeAttribute = "[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1\")]\n";
        private static readonly Regex Markup = new Regex(@"\{\|#\d+:|\|\}", RegexOptions.Compiled);

        /// <summary>One flagged shape per rule; <c>{|#0:…|}</c> marks where the diagnostic starts.</summary>
        private static readonly Dictionary<string, (Func<string, IEnumerable<(string Name, string Text)>, object[]?, Task> Run, string Source, object[] Arguments)> Cases =
            new Dictionary<string, (Func<string, IEnumerable<(string, string)>, object[]?, Task>, string, object[])>(StringComparer.Ordinal)
            {
                [RuleIds.AsyncDelegateInParallelLoop] = (RunAsync<CVP001AsyncDelegateInParallelLoopAnalyzer>, """
                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        void M(List<string> items) => Parallel.ForEach(items, {|#0:async item => await Task.Delay(item.Length)|});
                    }
                    """, new object[] { "Parallel.ForEach", "Parallel.ForEachAsync" }),
                [RuleIds.BlockingIoInParallelBody] = (RunAsync<CVP002BlockingIoInParallelBodyAnalyzer>, """
                    using System.IO;
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        void M(string[] recipes) => Parallel.ForEach(recipes, recipe => { var text = {|#0:File.ReadAllText(recipe)|}; });
                    }
                    """, new object[] { "File.ReadAllText", "Parallel.ForEachAsync", "File.ReadAllTextAsync" }),
                [RuleIds.AsyncDelegateInPlinq] = (RunAsync<CVP003AsyncDelegateInPlinqAnalyzer>, """
                    using System.Linq;
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        object M(int[] orders) => orders.AsParallel().Select({|#0:async o => { await Task.Delay(o); return o; }|});
                    }
                    """, new object[] { "Select" }),
                [RuleIds.TaskRunWrapsAsyncCall] = (RunAsync<CVP010TaskRunWrapsAsyncCallAnalyzer>, """
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        Task Run(Kettle kettle) => {|#0:Task.Run(() => kettle.BoilAsync())|};
                    }

                    class Kettle
                    {
                        public Task BoilAsync() => Task.Delay(1);
                    }
                    """, new object[] { "Task.Run", "BoilAsync" }),
                [RuleIds.TaskRunWrapsBlockingIo] = (RunAsync<CVP011TaskRunWrapsBlockingIoAnalyzer>, """
                    using System.IO;
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        Task<string> ReadRecipe(string path) => {|#0:Task.Run(() => File.ReadAllText(path))|};
                    }
                    """, new object[] { "Task.Run", "File.ReadAllText", "File.ReadAllTextAsync" }),
                [RuleIds.StartNewWithAsyncDelegate] = (RunAsync<CVP012StartNewWithAsyncDelegateAnalyzer>, """
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        async Task Run()
                        {
                            await {|#0:Task.Factory.StartNew(async () => await Task.Delay(1))|};
                        }
                    }
                    """, new object[] { "Task.Factory.StartNew", "Task.Run" }),
                [RuleIds.BlockingWaitInAsyncCode] = (RunAsync<CVP020BlockingWaitInAsyncCodeAnalyzer>, """
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        async Task<int> EatAsync(Task<int> toast)
                        {
                            await Task.Yield();
                            return {|#0:toast.Result|};
                        }
                    }
                    """, new object[] { ".Result", "await" }),
                [RuleIds.ThreadSleepInAsyncCode] = (RunAsync<CVP021ThreadSleepInAsyncCodeAnalyzer>, """
                    using System.Threading;
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        async Task BoilAsync()
                        {
                            await Task.Yield();
                            {|#0:Thread.Sleep(100)|};
                        }
                    }
                    """, new object[] { "Thread.Sleep" }),
                [RuleIds.SynchronousIoInAsyncCode] = (RunAsync<CVP022SynchronousIoInAsyncCodeAnalyzer>, """
                    using System.IO;
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        async Task<string> ReadListAsync(string path)
                        {
                            await Task.Yield();
                            return {|#0:File.ReadAllText(path)|};
                        }
                    }
                    """, new object[] { "File.ReadAllText", "File.ReadAllTextAsync" }),
                [RuleIds.SequentialIndependentAwaits] = (RunAsync<CVP030SequentialIndependentAwaitsAnalyzer>, """
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        readonly Kettle kettle = new Kettle();
                        readonly Toaster toaster = new Toaster();

                        async Task<string> PrepareAsync()
                        {
                            {|#0:var water = await kettle.BoilAsync();|}
                            var toast = await toaster.ToastAsync();
                            return toast + water;
                        }
                    }

                    class Kettle { public Task<string> BoilAsync() => Task.FromResult("water"); }
                    class Toaster { public Task<string> ToastAsync() => Task.FromResult("toast"); }
                    """, new object[] { "2" }),
                [RuleIds.AwaitInLoopOverIndependentItems] = (RunAsync<CVP031AwaitInLoopOverIndependentItemsAnalyzer>, """
                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        async Task BoilAllAsync(List<Egg> eggs)
                        {
                            {|#0:foreach|} (var egg in eggs)
                            {
                                await egg.BoilAsync();
                            }
                        }
                    }

                    class Egg { public Task BoilAsync() => Task.Delay(1); }
                    """, new object[] { "BoilAsync" }),
                [RuleIds.AsyncDelegateWithoutAwaitAsConcurrentWork] = (RunAsync<CVP040AsyncDelegateWithoutAwaitAnalyzer>, """
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        #pragma warning disable CS1998
                        static async Task Cook() { var eggs = 0; for (var i = 0; i < 10; i++) eggs += i; }
                        #pragma warning restore CS1998

                        static async Task StartAsync()
                        {
                            await Task.WhenAll({|#0:Cook()|}, Task.Delay(1));
                        }
                    }
                    """, new object[] { "Cook", "WhenAll" }),
                [RuleIds.UnsynchronizedSharedWriteInParallelBody] = (RunAsync<CVP050UnsynchronizedSharedWriteAnalyzer>, """
                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        int Count(List<int> calories)
                        {
                            var total = 0;
                            Parallel.ForEach(calories, c => { {|#0:total += c|}; });
                            return total;
                        }
                    }
                    """, new object[] { "total", "'Interlocked.Add', or per-thread subtotals with the localInit/localFinally overload" }),
                [RuleIds.NonThreadSafeCollectionInParallelBody] = (RunAsync<CVP051NonThreadSafeCollectionAnalyzer>, """
                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        List<string> Slice(string[] fruit)
                        {
                            var sliced = new List<string>();
                            Parallel.ForEach(fruit, f => { {|#0:sliced.Add(f)|}; });
                            return sliced;
                        }
                    }
                    """, new object[] { "sliced.Add", "List<string>", "use 'ConcurrentBag<string>' or a lock" }),
                [RuleIds.AsyncVoidMethod] = (RunAsync<CVP060AsyncVoidMethodAnalyzer>, """
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        async void {|#0:PrepareBreakfast|}()
                        {
                            await Task.Delay(10);
                        }
                    }
                    """, new object[] { "PrepareBreakfast" }),
                [RuleIds.UnobservedTask] = (RunAsync<CVP061UnobservedTaskAnalyzer>, """
                    using System.Threading.Tasks;

                    /*attr*/class Morning
                    {
                        Task BoilKettleAsync() => Task.Delay(10);

                        void Start()
                        {
                            {|#0:BoilKettleAsync()|};
                        }
                    }
                    """, new object[] { "BoilKettleAsync", "write '_ =' to make the fire-and-forget explicit, or await it from async code" }),
            };

        public static TheoryData<string> RuleIdsWithCases
        {
            get
            {
                var data = new TheoryData<string>();
                foreach (var id in Cases.Keys)
                {
                    data.Add(id);
                }

                return data;
            }
        }

        [Fact]
        public void EveryRule_HasACase()
        {
            var ids = new List<string>();
            foreach (var descriptor in Catalogue.RuleCatalogueTests.Supported)
            {
                ids.Add(descriptor.Id);
            }

            Assert.Equal(16, ids.Count);
            Assert.All(ids, id => Assert.True(Cases.ContainsKey(id), id + " has no generated-code case"));
        }

        [Theory]
        [MemberData(nameof(RuleIdsWithCases))]
        public async Task Flags_InAnOrdinaryFile(string id)
        {
            var (run, source, arguments) = Cases[id];
            await run(id, new[] { ("Morning.cs", source.Replace(AttributePlaceholder, string.Empty, StringComparison.Ordinal)) }, arguments);
        }

        [Theory]
        [MemberData(nameof(RuleIdsWithCases))]
        public async Task NoDiagnostic_InAGDotCsFile(string id)
        {
            var (run, source, arguments) = Cases[id];
            await run(id, new[] { ("Morning.g.cs", Plain(source)) }, null);
        }

        [Theory]
        [MemberData(nameof(RuleIdsWithCases))]
        public async Task NoDiagnostic_InAFileWithTheAutoGeneratedHeader(string id)
        {
            var (run, source, arguments) = Cases[id];
            await run(id, new[] { ("Morning.cs", "// <auto-generated/>\n" + Plain(source)) }, null);
        }

        [Theory]
        [MemberData(nameof(RuleIdsWithCases))]
        public async Task NoDiagnostic_InATypeMarkedGeneratedCode(string id)
        {
            var (run, source, arguments) = Cases[id];
            await run(id, new[] { ("Morning.cs", Markup.Replace(source, string.Empty).Replace(AttributePlaceholder, GeneratedCodeAttribute, StringComparison.Ordinal)) }, null);
        }

        [Fact]
        public async Task NoDiagnostic_InAMemberMarkedGeneratedCode_WhileItsSiblingIsFlagged()
        {
            await RunAsync<CVP020BlockingWaitInAsyncCodeAnalyzer>(RuleIds.BlockingWaitInAsyncCode, new[]
            {
                ("Morning.cs", """
                    using System.Threading.Tasks;

                    class Morning
                    {
                        [System.CodeDom.Compiler.GeneratedCode("tool", "1")]
                        async Task<int> GeneratedAsync(Task<int> toast)
                        {
                            await Task.Yield();
                            return toast.Result;
                        }

                        async Task<int> HandWrittenAsync(Task<int> toast)
                        {
                            await Task.Yield();
                            return {|#0:toast.Result|};
                        }
                    }
                    """),
            }, new object[] { ".Result", "await" });
        }

        [Fact]
        public async Task GeneratedPartOfAPartialType_IsSkipped_TheHandWrittenPartIsFlagged()
        {
            await RunAsync<CVP021ThreadSleepInAsyncCodeAnalyzer>(RuleIds.ThreadSleepInAsyncCode, new[]
            {
                ("Kettle.cs", """
                    using System.Threading;
                    using System.Threading.Tasks;

                    partial class Kettle
                    {
                        async Task BoilAsync()
                        {
                            await Task.Yield();
                            {|#0:Thread.Sleep(100)|};
                        }
                    }
                    """),
                ("Kettle.g.cs", """
                    using System.Threading;
                    using System.Threading.Tasks;

                    partial class Kettle
                    {
                        async Task WhistleAsync()
                        {
                            await Task.Yield();
                            Thread.Sleep(100);
                        }
                    }
                    """),
            }, new object[] { "Thread.Sleep" });
        }

        /// <summary>
        /// The rules leave the driver's per-report generated-code check off (Infrastructure/Reporting): a
        /// <c>#line hidden</c> stretch inside a member the user sees is still silent, the visible part flagged.
        /// </summary>
        [Fact]
        public async Task NoDiagnostic_InALineHiddenStretchOfAVisibleMember()
        {
            await RunAsync<CVP021ThreadSleepInAsyncCodeAnalyzer>(RuleIds.ThreadSleepInAsyncCode, new[]
            {
                ("Kettle.cs", """
                    #line default
                    using System.Threading;
                    using System.Threading.Tasks;

                    class Kettle
                    {
                        async Task BoilAsync()
                        {
                            await Task.Yield();
                            {|#0:Thread.Sleep(100)|};
                    #line hidden
                            Thread.Sleep(200);
                    #line default
                        }
                    }
                    """),
            }, new object[] { "Thread.Sleep" });
        }

        /// <summary>
        /// The driver skips each operation written in hidden code, but a rule that looks at a visible block
        /// reports at a statement inside it: a report that lands in the hidden stretch is dropped by Reporting.
        /// </summary>
        [Fact]
        public async Task NoDiagnostic_WhenTheReportedStatementIsHidden_InsideAVisibleBlock()
        {
            await RunAsync<CVP030SequentialIndependentAwaitsAnalyzer>(RuleIds.SequentialIndependentAwaits, new[]
            {
                ("Morning.cs", """
                    #line default
                    using System.Threading.Tasks;

                    class Morning
                    {
                        readonly Kettle kettle = new Kettle();
                        readonly Toaster toaster = new Toaster();

                        async Task<string> PrepareAsync()
                        {
                    #line hidden
                            var water = await kettle.BoilAsync();
                    #line default
                            var toast = await toaster.ToastAsync();
                            return toast + water;
                        }

                        async Task<string> PrepareAgainAsync()
                        {
                            {|#0:var water = await kettle.BoilAsync();|}
                            var toast = await toaster.ToastAsync();
                            return toast + water;
                        }
                    }

                    class Kettle { public Task<string> BoilAsync() => Task.FromResult("water"); }
                    class Toaster { public Task<string> ToastAsync() => Task.FromResult("toast"); }
                    """),
            }, new object[] { "2" });
        }

        /// <summary>
        /// CVP002, CVP050 and CVP051 walk down from a parallel body the user sees (the driver skips only operations
        /// written in hidden code, and the body's lambda is visible): what is written in a hidden stretch of the body
        /// is still silent, the visible part flagged.
        /// </summary>
        [Fact]
        public async Task NoDiagnostic_InALineHiddenStretchOfAParallelBody()
        {
            await RunAsync<CVP002BlockingIoInParallelBodyAnalyzer>(RuleIds.BlockingIoInParallelBody, new[]
            {
                ("Pantry.cs", """
                    #line default
                    using System.IO;
                    using System.Threading.Tasks;

                    class Pantry
                    {
                        void Read(string[] labels) => Parallel.ForEach(labels, label =>
                        {
                            {|#0:File.ReadAllText(label)|};
                    #line hidden
                            File.ReadAllText(label + ".bak");
                    #line default
                        });
                    }
                    """),
            }, new object[] { "File.ReadAllText", "Parallel.ForEachAsync", "File.ReadAllTextAsync" });

            await RunAsync<CVP050UnsynchronizedSharedWriteAnalyzer>(RuleIds.UnsynchronizedSharedWriteInParallelBody, new[]
            {
                ("Pantry.cs", """
                    #line default
                    using System.Threading.Tasks;

                    class Pantry
                    {
                        int jars;
                        int lids;

                        void Count(int[] shelves) => Parallel.ForEach(shelves, shelf =>
                        {
                            {|#0:jars += shelf|};
                    #line hidden
                            lids += shelf;
                    #line default
                        });
                    }
                    """),
            }, new object[] { "jars", "'Interlocked.Add', or per-thread subtotals with the localInit/localFinally overload" });

            await RunAsync<CVP051NonThreadSafeCollectionAnalyzer>(RuleIds.NonThreadSafeCollectionInParallelBody, new[]
            {
                ("Pantry.cs", """
                    #line default
                    using System.Collections.Generic;
                    using System.Threading.Tasks;

                    class Pantry
                    {
                        readonly List<int> jars = new List<int>();
                        readonly List<int> lids = new List<int>();

                        void Stock(int[] shelves) => Parallel.ForEach(shelves, shelf =>
                        {
                            {|#0:jars.Add(shelf)|};
                    #line hidden
                            lids.Add(shelf);
                    #line default
                        });
                    }
                    """),
            }, new object[] { "jars.Add", "List<int>", "use 'ConcurrentBag<int>' or a lock" });
        }

        [Fact]
        public async Task NoDiagnostic_InAMemberDeclaredUnderLineHidden()
        {
            await RunAsync<CVP060AsyncVoidMethodAnalyzer>(RuleIds.AsyncVoidMethod, new[]
            {
                ("Kettle.cs", """
                    using System.Threading.Tasks;

                    #line default
                    class Kettle
                    {
                    #line hidden
                        async void Whistle() => await Task.Yield();
                    #line default
                        async void {|#0:Ring|}() => await Task.Yield();
                    }
                    """),
            }, new object[] { "Ring" });
        }

        [Fact]
        public void Reporting_KnowsHiddenFromVisible()
        {
            var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("#line default\nclass C\n{\n#line hidden\n    int a;\n#line default\n    int b;\n}\n");
            var text = tree.ToString();
            Assert.True(ConcurrencyAnalyzers.Infrastructure.Reporting.IsHidden(Microsoft.CodeAnalysis.Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(text.IndexOf("int a", StringComparison.Ordinal), 5))));
            Assert.False(ConcurrencyAnalyzers.Infrastructure.Reporting.IsHidden(Microsoft.CodeAnalysis.Location.Create(tree, new Microsoft.CodeAnalysis.Text.TextSpan(text.IndexOf("int b", StringComparison.Ordinal), 5))));
            var before = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class C { int a; }\n#line hidden\n");
            Assert.True(ConcurrencyAnalyzers.Infrastructure.Reporting.IsHidden(Microsoft.CodeAnalysis.Location.Create(before, new Microsoft.CodeAnalysis.Text.TextSpan(10, 5))));
            var plain = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class C { int a; }");
            Assert.False(ConcurrencyAnalyzers.Infrastructure.Reporting.IsHidden(Microsoft.CodeAnalysis.Location.Create(plain, new Microsoft.CodeAnalysis.Text.TextSpan(10, 5))));
        }

        private static string Plain(string source) =>
            Markup.Replace(source, string.Empty).Replace(AttributePlaceholder, string.Empty, StringComparison.Ordinal);

        private static Task RunAsync<TAnalyzer>(string id, IEnumerable<(string Name, string Text)> files, object[]? expectedArguments)
            where TAnalyzer : DiagnosticAnalyzer, new()
        {
            var test = new CSharpCodeFixVerifier<TAnalyzer, EmptyCodeFixProvider>.Test();
            foreach (var file in files)
            {
                test.TestState.Sources.Add(file);
            }

            if (expectedArguments is not null)
            {
                test.ExpectedDiagnostics.Add(CSharpCodeFixVerifier<TAnalyzer, EmptyCodeFixProvider>.Diagnostic(id)
                    .WithLocation(0).WithArguments(expectedArguments).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            }

            return test.RunAsync();
        }
    }
}
