using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.Infrastructure;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// ParallelBody and ParallelSites (with ParallelLocalFunctions), asked about every call of a method named <c>Mark</c>:
    /// "construct role local-function index-parameter lock", or "none" outside any parallel body.
    /// </summary>
    public sealed class ParallelBodyTests
    {
        private const string Prelude = """
            using System;
            using System.Linq;
            using System.Threading.Tasks;

            """;

        private static async Task<List<string>> DescribeMarks(string source)
        {
            var references = await ReferenceSets.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            var tree = CSharpSyntaxTree.ParseText(source);
            var compilation = CSharpCompilation.Create("Probe", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var model = compilation.GetSemanticModel(tree);
            var known = KnownSymbols.Create(compilation);
            var result = new List<string>();
            foreach (var member in tree.GetRoot().DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
            {
                if (model.GetOperation(member) is not { } block)
                {
                    continue;
                }

                // Every delegate handed to a parallel call: the answer read from its own argument is the one found by
                // listing the call's delegates (two ways to the same answer; the rules ask the first).
                foreach (var creation in block.Descendants().OfType<IDelegateCreationOperation>())
                {
                    AssertDirectAnswerMatchesListing(creation, known);
                }

                // CVP002 and CVP051 walk down: each lambda and local function asks whether it is a parallel site, and
                // its own operations run there. Every operation inside some function is the own operation of exactly one: its
                // innermost enclosing lambda or local function.
                var sites = new ParallelSites(known);
                var bodies = new ParallelBodies(known);
                var found = new Dictionary<IOperation, ParallelSite>();
                var owned = 0;
                foreach (var function in block.Descendants().Where(o => o is IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    var own = ParallelBody.OwnOperations(function).ToList();
                    owned += own.Count;
                    Assert.All(own, operation => Assert.Same(function, InnermostFunction(operation)));
                    Assert.Equal(own.Count, own.Distinct().Count());
                    var isSite = sites.TryGetSite(function, CancellationToken.None, out var site);
                    AssertSharedAnswer(bodies, function, isSite, site, own);
                    if (isSite)
                    {
                        foreach (var mark in own.OfType<IInvocationOperation>().Where(i => i.TargetMethod.Name == "Mark"))
                        {
                            found.Add(mark, site);
                        }
                    }
                }

                Assert.Equal(block.Descendants().Count(o => InnermostFunction(o) is not null), owned);
                foreach (var mark in block.Descendants().OfType<IInvocationOperation>().Where(i => i.TargetMethod.Name == "Mark"))
                {
                    // Asked from the operation (walking up, as CVP050 does), the answer is the same.
                    var up = sites.TryFind(mark, CancellationToken.None, out var fromMark);
                    if (!found.TryGetValue(mark, out var site))
                    {
                        Assert.False(up);
                        result.Add("none");
                        continue;
                    }

                    Assert.True(up);
                    Assert.Same(site.Body.Creation, fromMark.Body.Creation);
                    Assert.Same(site.LocalFunction, fromMark.LocalFunction);

                    result.Add(string.Join(
                        " ",
                        site.Body.Construct,
                        site.Body.Role,
                        site.LocalFunction?.Symbol.Name ?? "-",
                        ParallelBody.GetIterationIndexParameter(site.Body)?.Name ?? "-",
                        ParallelBody.IsUnderLock(mark) ? "locked" : "open"));
                }
            }

            return result;
        }

        private static void AssertDirectAnswerMatchesListing(IDelegateCreationOperation creation, KnownSymbols known)
        {
            if (ParallelBody.GetCallTakingArgument(creation) is not { } call || ParallelBody.GetConstruct(call, known) is not { } construct)
            {
                Assert.False(ParallelBody.TryGetParallelDelegate(creation, known, out _));
                return;
            }

            var listed = ParallelBody.GetDelegates(call, construct).Where(d => ReferenceEquals(d.Creation, creation)).ToList();
            Assert.True(listed.Count <= 1);
            var direct = ParallelBody.TryGetDelegate(call, construct, creation, out var answer);
            Assert.Equal(listed.Count == 1, direct);
            Assert.Equal(direct, ParallelBody.TryGetParallelDelegate(creation, known, out _));
            if (direct)
            {
                Assert.Same(call, answer.Invocation);
                Assert.Same(creation, answer.Creation);
                Assert.Equal(construct, answer.Construct);
                Assert.Equal(listed[0].Role, answer.Role);
            }
        }

        /// <summary>
        /// What CVP002 and CVP051 read (<see cref="ParallelBodies"/>) is the same answer, and the own operations of the kinds
        /// they look at; asked again (as the second of the two rules asks), the same array, not a second walk.
        /// </summary>
        private static void AssertSharedAnswer(ParallelBodies bodies, IOperation function, bool isSite, ParallelSite site, List<IOperation> own)
        {
            Assert.Equal(isSite, bodies.TryGet(function, CancellationToken.None, out var shared, out var operations));
            Assert.True(bodies.TryGet(function, CancellationToken.None, out _, out var again, out var operationKinds) == isSite);
            Assert.Same(operations, again);
            if (!isSite)
            {
                Assert.Empty(operations);
                Assert.Empty(operationKinds);
                return;
            }

            // Each operation's kind is kept beside it (read by the walk, so the rules do not ask again).
            Assert.Equal(operations.Select(o => o.Kind), operationKinds);

            Assert.Same(site.Body.Creation, shared.Body.Creation);
            Assert.Equal(site.Body.Role, shared.Body.Role);
            Assert.Same(site.LocalFunction, shared.LocalFunction);
            var kinds = new[]
            {
                OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment,
                OperationKind.CoalesceAssignment, OperationKind.Increment, OperationKind.Decrement,
            };
            var expected = own.Where(o => kinds.Contains(o.Kind)).ToList();
            Assert.Equal(expected.Count, operations.Length);
            Assert.All(expected, operation => Assert.Contains(operation, operations));
        }

        /// <summary>
        /// More functions than <see cref="ParallelBodies"/> keeps answers for: each is still answered right (a forgotten one is
        /// asked and walked again), and one asked twice in a row gets the kept answer.
        /// </summary>
        [Fact]
        public async Task SharedAnswers_MoreFunctionsThanKept()
        {
            var calls = string.Join("\n", Enumerable.Range(0, 40).Select(i => i % 2 == 0
                ? $"        Parallel.For(0, 10, i => {{ n += i; Mark(); }});"
                : $"        Action a{i} = () => Mark();"));
            var source = Prelude + "class C\n{\n    static void Mark() { }\n    void M()\n    {\n        var n = 0;\n" + calls + "\n    }\n}\n";
            var references = await ReferenceSets.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            var tree = CSharpSyntaxTree.ParseText(source);
            var compilation = CSharpCompilation.Create("Probe", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var block = compilation.GetSemanticModel(tree).GetOperation(tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "M"))!;
            var known = KnownSymbols.Create(compilation);
            var bodies = new ParallelBodies(known);
            var lambdas = block.Descendants().OfType<IAnonymousFunctionOperation>().ToList();
            Assert.Equal(40, lambdas.Count);
            for (var round = 0; round < 2; round++)
            {
                for (var i = 0; i < lambdas.Count; i++)
                {
                    var isSite = bodies.TryGet(lambdas[i], CancellationToken.None, out var site, out var operations);
                    Assert.Equal(i % 2 == 0, isSite);
                    if (isSite)
                    {
                        Assert.Same(lambdas[i], site.Body.Function);
                        Assert.Equal(2, operations.Length); // the compound assignment and the call
                        Assert.Contains(operations, o => o is IInvocationOperation { TargetMethod.Name: "Mark" });
                        Assert.Contains(operations, o => o is ICompoundAssignmentOperation);
                    }
                }
            }

            // A body of another semantic model (another document, another compilation) clears what was kept: the
            // first body is walked again when asked, and no longer held.
            Assert.True(bodies.TryGet(lambdas[38], CancellationToken.None, out _, out var kept));
            Assert.True(bodies.TryGet(lambdas[38], CancellationToken.None, out _, out var keptAgain));
            Assert.Same(kept, keptAgain);
            var other = compilation.Clone();
            var otherBlock = other.GetSemanticModel(other.SyntaxTrees.Single()).GetOperation(tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "M"))!;
            Assert.True(bodies.TryGet(otherBlock.Descendants().OfType<IAnonymousFunctionOperation>().First(), CancellationToken.None, out _, out _));
            Assert.True(bodies.TryGet(lambdas[38], CancellationToken.None, out _, out var walkedAgain));
            Assert.NotSame(kept, walkedAgain);
            Assert.Equal(kept.Length, walkedAgain.Length);
        }

        /// <summary>The innermost lambda or local function around <paramref name="operation"/>, walking up (null: none).</summary>
        /// <summary>
        /// Over every member of the morning-routine sample: the walk yields each operation inside a lambda or local
        /// function exactly once, from that innermost function. (The walk reads the children of the commonest kinds
        /// through their own properties; every other kind through ChildOperations.)
        /// </summary>
        [Fact]
        public async Task OwnOperations_OverTheSample_AreEachOperationOnce_FromItsInnermostFunction()
        {
            var corpus = await ConcurrencyAnalyzers.Tests.Corpus.SampleCorpus.LoadAsync();
            var functions = 0;
            foreach (var tree in corpus.Compilation.SyntaxTrees)
            {
                var model = corpus.Compilation.GetSemanticModel(tree);
                foreach (var member in tree.GetRoot().DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or CompilationUnitSyntax))
                {
                    if (member is LocalFunctionStatementSyntax || model.GetOperation(member) is not { } root || root.Parent is not null)
                    {
                        continue;
                    }

                    var expected = root.Descendants().Where(o => InnermostFunction(o) is not null).ToList();
                    var walked = new List<IOperation>();
                    foreach (var function in root.Descendants().Where(o => o is IAnonymousFunctionOperation or ILocalFunctionOperation))
                    {
                        functions++;
                        foreach (var operation in ParallelBody.OwnOperations(function))
                        {
                            Assert.Same(function, InnermostFunction(operation));
                            walked.Add(operation);
                        }
                    }

                    Assert.Equal(expected.Count, walked.Count);
                    Assert.Equal(expected.Count, walked.Distinct().Count());
                }
            }

            Assert.True(functions > 50, $"only {functions} lambdas and local functions in the sample");
        }

        private static IOperation? InnermostFunction(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current;
                }
            }

            return null;
        }

        [Fact]
        public async Task ParallelFor_BodyWithIndex()
        {
            var marks = await DescribeMarks(Prelude + """
                class C
                {
                    static void Mark() { }
                    void M() { Parallel.For(0, 10, i => Mark()); Mark(); }
                }
                """);
            Assert.Equal(new[] { "For Body - i open", "none" }, marks);
        }

        [Fact]
        public async Task ParallelForEach_ThreadLocalOverload_Roles_AndIndexOnlyForTheIndexedOverload()
        {
            var marks = await DescribeMarks(Prelude + """
                class C
                {
                    static int Mark() => 0;
                    void M(int[] xs)
                    {
                        Parallel.ForEach(xs, () => Mark(), (x, state, local) => local + Mark(), local => Mark());
                        Parallel.ForEach(xs, () => 0L, (x, state, local) => local + Mark(), local => { });
                        Parallel.ForEach(xs, (x, state, index) => Mark());
                    }
                }
                """);
            Assert.Equal(
                new[]
                {
                    "ForEach LocalInit - - open",
                    "ForEach Body - - open",
                    "ForEach LocalFinally - - open",
                    "ForEach Body - - open",
                    "ForEach Body - index open",
                },
                marks);
        }

        [Fact]
        public async Task ParallelFor_ThreadLocalOverloads_Options_ParamsArrays_AndCasts()
        {
            // The role of each delegate is read from its own argument: thread-local For with and without options (five and
            // six arguments), Invoke with options and with an array written out, casts around a lambda, and a lambda
            // stored in a variable first (not passed: the variable is).
            var marks = await DescribeMarks(Prelude + """
                class C
                {
                    static int Mark() => 0;
                    void M(ParallelOptions options)
                    {
                        Parallel.For(0, 10, () => Mark(), (i, state, local) => local + Mark(), local => Mark());
                        Parallel.For(0L, 10L, options, () => Mark(), (i, state, local) => local + Mark(), local => Mark());
                        Parallel.For(0, 10, options, i => Mark());
                        Parallel.Invoke(options, () => Mark(), () => Mark());
                        Parallel.Invoke(new Action[] { () => Mark() });
                        Parallel.Invoke((Action)(() => Mark()));
                        Parallel.For(0, 10, (Action<int>)(i => Mark()));
                        Action stored = () => Mark();
                        Parallel.Invoke(stored);
                    }
                }
                """);
            Assert.Equal(
                new[]
                {
                    "For LocalInit - - open",
                    "For Body - i open",
                    "For LocalFinally - - open",
                    "For LocalInit - - open",
                    "For Body - i open",
                    "For LocalFinally - - open",
                    "For Body - i open",
                    "Invoke Body - - open",
                    "Invoke Body - - open",
                    "Invoke Body - - open",
                    "Invoke Body - - open",
                    "For Body - i open",
                    "none",
                },
                marks);
        }

        [Fact]
        public async Task ParallelInvoke_EveryAction_AndAnonymousMethod()
        {
            var marks = await DescribeMarks(Prelude + """
                class C
                {
                    static void Mark() { }
                    void M() { Parallel.Invoke(() => Mark(), delegate { Mark(); }); }
                }
                """);
            Assert.Equal(new[] { "Invoke Body - - open", "Invoke Body - - open" }, marks);
        }

        [Fact]
        public async Task AsyncLoops_AndPlinqOperators_ButNotLinqToObjects()
        {
            var marks = await DescribeMarks(Prelude + """
                class C
                {
                    static int Mark() => 0;
                    async Task M(int[] xs)
                    {
                        await Parallel.ForEachAsync(xs, async (x, ct) => { await Task.Yield(); Mark(); });
                        await Parallel.ForAsync(0, 3, async (i, ct) => { await Task.Yield(); Mark(); });
                        var sum = xs.AsParallel().Where(x => x > Mark()).Select(x => x + Mark()).Aggregate(0, (a, x) => a + x + Mark());
                        var sequential = xs.Where(x => x > Mark()).ToArray();
                    }
                }
                """);
            Assert.Equal(
                new[]
                {
                    "ForEachAsync Body - - open",
                    "ForAsync Body - i open",
                    "Plinq Body - - open",
                    "Plinq Body - - open",
                    "Plinq Body - - open",
                    "none",
                },
                marks);
        }

        [Fact]
        public async Task NestedDelegateNotRunByTheBody_IsNotTheBody()
        {
            var marks = await DescribeMarks(Prelude + """
                class C
                {
                    static void Mark() { }
                    void M(int[] xs)
                    {
                        Parallel.ForEach(xs, x => { Task.Run(() => Mark()); Action later = () => Mark(); });
                    }
                }
                """);
            Assert.Equal(new[] { "none", "none" }, marks);
        }

        [Fact]
        public async Task LocalFunctions_CalledFromBody_PassedAsMethodGroup_Transitively()
        {
            var marks = await DescribeMarks(Prelude + """
                class C
                {
                    static void Mark() { }
                    void M(int[] xs)
                    {
                        void Called(int x) { Mark(); }
                        void Passed(int x) { Mark(); Deeper(); }
                        void Deeper() { Mark(); }
                        void NeverInParallel() { Mark(); }
                        Parallel.ForEach(xs, x => Called(x));
                        Parallel.ForEach(xs, Passed);
                        NeverInParallel();
                    }
                }
                """);
            Assert.Equal(
                new[]
                {
                    "ForEach Body Called - open",
                    "ForEach Body Passed - open",
                    "ForEach Body Deeper - open",
                    "none",
                },
                marks);
        }

        [Fact]
        public async Task LockInsideTheBody_ButNotALockAroundTheParallelCall()
        {
            var marks = await DescribeMarks(Prelude + """
                class C
                {
                    static void Mark() { }
                    readonly object gate = new object();
                    void M(int[] xs)
                    {
                        Parallel.ForEach(xs, x => { lock (gate) { Mark(); } });
                        lock (gate) { Parallel.ForEach(xs, x => Mark()); }
                    }
                }
                """);
            Assert.Equal(new[] { "ForEach Body - - locked", "ForEach Body - - open" }, marks);
        }

        [Fact]
        public async Task LookAlikeParallelType_IsNotParallel()
        {
            var marks = await DescribeMarks("""
                using System;

                namespace MyApp
                {
                    static class Parallel
                    {
                        public static void For(int from, int to, Action<int> body) { }
                    }

                    class C
                    {
                        static void Mark() { }
                        void M() { Parallel.For(0, 10, i => Mark()); }
                    }
                }
                """);
            Assert.Equal(new[] { "none" }, marks);
        }
    }
}
