using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConcurrencyAnalyzers.Tests.Robustness
{
    /// <summary>
    /// Analyzers and fixes observe the cancellation token: a cancelled analysis or fix ends in
    /// <see cref="OperationCanceledException"/> (or does no work), never in another exception, and the
    /// helpers whose loops grow with the user's code throw as soon as they see a cancelled token.
    /// No timing is asserted.
    /// </summary>
    public sealed class CancellationTests
    {
        /// <summary>One fixable case of every rule, each in its own member of <c>Morning{0}</c>.</summary>
        private const string FixableCases = """
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            class Morning{0}
            {
                readonly Kettle kettle = new Kettle();
                readonly Toaster toaster = new Toaster();

                async Task ServeAsync(List<string> plates)
                {
                    await Task.Yield();
                    Parallel.ForEach(plates, async plate => await Task.Delay(plate.Length));
                }

                async Task ReadAllAsync(string[] recipes)
                {
                    await Task.Yield();
                    Parallel.ForEach(recipes, recipe => { var text = File.ReadAllText(recipe); });
                }

                async Task<int[]> PlinqAsync(int[] orders) => await Task.WhenAll(orders.AsParallel().Select(async o => { await Task.Delay(o); return o; }));

                Task Boil() => Task.Run(() => kettle.BoilAsync());

                Task<string> ReadRecipe(string path) => Task.Run(() => File.ReadAllText(path));

                async Task StartNewAsync()
                {
                    await Task.Factory.StartNew(async () => await Task.Delay(1));
                }

                async Task<int> EatAsync(Task<int> toast)
                {
                    await Task.Yield();
                    return toast.Result;
                }

                async Task SleepAsync()
                {
                    await Task.Yield();
                    Thread.Sleep(100);
                }

                async Task<string> ReadListAsync(string path)
                {
                    await Task.Yield();
                    return File.ReadAllText(path);
                }

                async Task<string> PrepareAsync()
                {
                    var water = await kettle.BoilAsync();
                    var toast = await toaster.ToastAsync();
                    return toast + water;
                }

                async Task BoilAllAsync(List<Egg> eggs)
                {
                    foreach (var egg in eggs)
                    {
                        await Egg.BoilOneAsync(egg);
                    }
                }

                async Task CookAsync(int[] eggs)
                {
                    await Task.WhenAll(eggs.Select(async egg => { var heat = 0; for (var i = 0; i < egg; i++) heat += i; }));
                }

                int Count(List<int> calories)
                {
                    var total = 0;
                    Parallel.ForEach(calories, c => { total += c; });
                    return total;
                }

                int Slice(string[] fruit)
                {
                    var sliced = new List<string>();
                    Parallel.ForEach(fruit, f => { sliced.Add(f); });
                    return sliced.Count;
                }

                async void PrepareBreakfast()
                {
                    await Task.Delay(10);
                }

                void Start()
                {
                    PrepareBreakfast();
                    kettle.BoilAsync();
                }
            }

            """;

        private const string Kitchen = """
            class Kettle { public Task<string> BoilAsync() => Task.FromResult("water"); }
            class Toaster { public Task<string> ToastAsync() => Task.FromResult("toast"); }
            class Egg { public static Task BoilOneAsync(Egg egg) => Task.Delay(1); }
            """;

        private static string Source(int copies)
        {
            var text = new StringBuilder();
            for (var i = 0; i < copies; i++)
            {
                text.Append(FixableCases.Replace("{0}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }

            // The usings of every copy after the first would be misplaced: keep them only once.
            var lines = text.ToString().Split('\n');
            var seenUsings = new HashSet<string>(StringComparer.Ordinal);
            var kept = lines.Where(l => !l.StartsWith("using ", StringComparison.Ordinal) || seenUsings.Add(l.Trim()));
            return string.Join("\n", kept) + "\n" + Kitchen;
        }

        private static CancellationToken Cancelled() => new CancellationToken(canceled: true);

        // ---- Analyzers ---------------------------------------------------------------------------

        [Fact]
        public async Task Analyzers_OnALargeSource_WithACancelledToken_EndInCancellation_WithoutAnalyzerException()
        {
            using var project = new AdhocProject(Source(40));
            var compilation = await project.CompilationAsync();
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var exceptions = new ConcurrentQueue<Exception>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => project.AnalyzeAsync(exceptions, Cancelled()));
            Assert.Empty(exceptions);
        }

        [Fact]
        public async Task EachAnalyzer_CancelledWhileItRuns_EndsInCancellation_WithoutAnalyzerException()
        {
            using var project = new AdhocProject(Source(20));
            var compilation = await project.CompilationAsync();

            // Control: uncancelled, every rule reports on this source (so each analyzer really has work to do).
            var all = await project.AnalyzeAsync(new ConcurrentQueue<Exception>());
            Assert.Equal(AdhocProject.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal),
                all.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));

            foreach (var analyzer in AdhocProject.AllAnalyzers)
            {
                using var source = new CancellationTokenSource();
                var exceptions = new ConcurrentQueue<Exception>();
                var withAnalyzers = compilation.WithAnalyzers(
                    ImmutableArray.Create(analyzer, new CancelOnFirstCallback(source)),
                    new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                        (exception, failed, _) => exceptions.Enqueue(new InvalidOperationException(failed.GetType().Name + " threw", exception)),
                        concurrentAnalysis: false,
                        logAnalyzerExecutionTime: false));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withAnalyzers.GetAnalyzerDiagnosticsAsync(source.Token));
                Assert.True(source.IsCancellationRequested, analyzer.GetType().Name + ": the cancelling analyzer never ran");
                Assert.Empty(exceptions);
            }
        }

        // ---- Code fixes --------------------------------------------------------------------------

        [Fact]
        public async Task EveryCodeFix_RegisteredWithACancelledToken_ThrowsCancellationOrRegistersNothing()
        {
            using var project = new AdhocProject(Source(2));
            var diagnostics = await project.AnalyzeAsync(new ConcurrentQueue<Exception>());
            var fixedIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var diagnostic in diagnostics)
            {
                if ((await project.ActionsAsync(diagnostic)).Count > 0)
                {
                    fixedIds.Add(diagnostic.Id); // control: uncancelled, the fix is offered
                }

                foreach (var fixer in AdhocProject.AllCodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var registered = new List<CodeAction>();
                    try
                    {
                        await fixer.RegisterCodeFixesAsync(new CodeFixContext(project.Document, diagnostic, (action, _) => registered.Add(action), Cancelled()));
                    }
                    catch (OperationCanceledException)
                    {
                        continue;
                    }

                    Assert.True(registered.Count == 0, $"{fixer.GetType().Name} registered {registered.Count} fix(es) for {diagnostic.Id} with a cancelled token");
                }
            }

            Assert.Equal(16, fixedIds.Count);
        }

        [Fact]
        public async Task EveryCodeAction_ComputedWithACancelledToken_ThrowsCancellation()
        {
            using var project = new AdhocProject(Source(2));
            var computed = 0;
            foreach (var diagnostic in await project.AnalyzeAsync(new ConcurrentQueue<Exception>()))
            {
                foreach (var action in await project.ActionsAsync(diagnostic))
                {
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => action.GetOperationsAsync(Cancelled()));
                    computed++;
                }
            }

            Assert.True(computed >= 16, $"only {computed} code actions were tried");
        }

        [Fact]
        public async Task EveryFixAll_InADocument_WithACancelledToken_ThrowsCancellationOrDoesNothing()
        {
            using var project = new AdhocProject(Source(3));
            var diagnostics = await project.AnalyzeAsync(new ConcurrentQueue<Exception>());
            var tried = 0;
            foreach (var fixer in AdhocProject.AllCodeFixes)
            {
                var provider = fixer.GetFixAllProvider();
                var mine = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
                if (provider is null || mine.IsEmpty)
                {
                    continue;
                }

                var keys = new HashSet<string?>();
                foreach (var diagnostic in mine)
                {
                    foreach (var action in await project.ActionsAsync(diagnostic))
                    {
                        keys.Add(action.EquivalenceKey);
                    }
                }

                foreach (var key in keys)
                {
                    var context = new FixAllContext(
                        project.Document, fixer, FixAllScope.Document, key, fixer.FixableDiagnosticIds, new FixedDiagnostics(mine), Cancelled());
                    try
                    {
                        var fixAll = await provider.GetFixAsync(context);
                        if (fixAll is not null)
                        {
                            await fixAll.GetOperationsAsync(Cancelled());
                            Assert.Fail($"{fixer.GetType().Name} Fix All '{key}' completed with a cancelled token");
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    tried++;
                }
            }

            Assert.True(tried >= 16, $"only {tried} Fix All actions were tried");
        }

        // ---- Helpers whose loops grow with the user's code ------------------------------------------

        [Fact]
        public async Task KnownCompleteTasks_WithACancelledToken_Throws_AndAnswersWithoutOne()
        {
            const string Code = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        await toast;
                        var a = 1;
                        var b = 2;
                        return a + b + toast.Result;
                    }
                }
                """;
            using var project = new AdhocProject(Code);
            var compilation = await project.CompilationAsync();
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
            var body = model.GetOperation(method)!;
            var known = KnownSymbols.Create(compilation);
            Assert.ThrowsAny<OperationCanceledException>(() => KnownCompleteTasks.Collect(body, known, Cancelled()));
            var complete = KnownCompleteTasks.Collect(body, known, CancellationToken.None);

            var result = body.Descendants().OfType<IPropertyReferenceOperation>().Single(p => p.Property.Name == "Result");
            Assert.True(complete.IsKnownComplete(result.Instance!, result, CancellationToken.None));
            Assert.ThrowsAny<OperationCanceledException>(() => complete.IsKnownComplete(result.Instance!, result, Cancelled()));
        }

        [Fact]
        public async Task ParallelSites_LocalFunctionWalk_ThrowsWhenCancelled_AndFindsTheBodyWithoutIt()
        {
            const string Code = """
                using System.Threading.Tasks;

                class Kitchen
                {
                    int eggs;

                    void Cook(int[] pans)
                    {
                        Parallel.ForEach(pans, pan => Fry(pan));

                        void Fry(int pan) => Crack(pan);
                        void Crack(int pan) { eggs++; }
                    }
                }
                """;
            using var project = new AdhocProject(Code);
            var compilation = await project.CompilationAsync();
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
            var body = model.GetOperation(method)!;
            var known = KnownSymbols.Create(compilation);
            var write = body.Descendants().OfType<IIncrementOrDecrementOperation>().Single();

            Assert.ThrowsAny<OperationCanceledException>(() => ParallelLocalFunctions.Collect(body, known, Cancelled()));
            var crackOperation = body.Descendants().OfType<ILocalFunctionOperation>().Last();
            Assert.ThrowsAny<OperationCanceledException>(() => new ParallelSites(known).TryGetSite(crackOperation, Cancelled(), out _));
            Assert.ThrowsAny<OperationCanceledException>(() => new ParallelSites(known).TryFind(write, Cancelled(), out _));
            var crack = (IMethodSymbol)model.GetDeclaredSymbol(tree.GetRoot().DescendantNodes().OfType<LocalFunctionStatementSyntax>().Last())!;
            Assert.ThrowsAny<OperationCanceledException>(() => ParallelLocalFunctions.Collect(body, known, CancellationToken.None).TryGetBody(crack, Cancelled(), out _));

            // Crack runs in the ForEach body through Fry.
            Assert.True(new ParallelSites(known).TryGetSite(crackOperation, CancellationToken.None, out var site));
            Assert.Contains(write, ParallelBody.OwnOperations(crackOperation));
            Assert.True(new ParallelSites(known).TryFind(write, CancellationToken.None, out var fromWrite));
            Assert.Same(crackOperation, fromWrite.LocalFunction);
            Assert.Equal("Crack", site.LocalFunction!.Symbol.Name);
        }

        [Fact]
        public async Task AwaitSyntax_Replacing_ScansTheFunction_AndThrowsWhenCancelled()
        {
            const string Code = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    async Task<int> EatAsync(Task<int> toast)
                    {
                        await Task.Yield();
                        return toast.Result;
                    }
                }
                """;
            using var project = new AdhocProject(Code);
            var root = await project.Document.GetSyntaxRootAsync();
            var result = root!.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Single(m => m.Name.Identifier.ValueText == "Result");
            Assert.Equal("await toast", AwaitSyntax.Replacing(result, result.Expression, CancellationToken.None).NormalizeWhitespace().ToString());
            Assert.ThrowsAny<OperationCanceledException>(() => AwaitSyntax.Replacing(result, result.Expression, Cancelled()));
        }

        [Fact]
        public async Task LockWrapper_PlanAndApply_ThrowWhenCancelled()
        {
            const string Code = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Count(int[] calories)
                    {
                        var total = 0;
                        Parallel.ForEach(calories, c =>
                        {
                            var doubled = c * 2;
                            total += doubled;
                            total -= c;
                        });
                        return total;
                    }
                }
                """;
            using var project = new AdhocProject(Code);
            var root = (await project.Document.GetSyntaxRootAsync())!;
            var model = (await project.Document.GetSemanticModelAsync())!;
            var write = root.DescendantNodes().OfType<AssignmentExpressionSyntax>().First();
            var total = model.GetSymbolInfo(write.Left).Symbol;
            var invocation = root.DescendantNodes().OfType<InvocationExpressionSyntax>().Single();
            var lambda = root.DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>().Single();

            var plan = LockWrapper.Plan(model, write, total, invocation, lambda, CancellationToken.None);
            Assert.NotNull(plan);
            Assert.Contains("lock (gate)", LockWrapper.Apply(model, root, new[] { plan! }, CancellationToken.None).ToFullString(), StringComparison.Ordinal);

            Assert.ThrowsAny<OperationCanceledException>(() => LockWrapper.Plan(model, write, total, invocation, lambda, Cancelled()));
            Assert.ThrowsAny<OperationCanceledException>(() => LockWrapper.Apply(model, root, new[] { plan! }, Cancelled()));
        }

        [Fact]
        public async Task ConcurrentCollectionSwap_AndFreeNames_ThrowWhenCancelled()
        {
            const string Code = """
                using System.Collections.Generic;
                using System.Threading.Tasks;

                class Breakfast
                {
                    int Slice(string[] fruit)
                    {
                        var sliced = new List<string>();
                        Parallel.ForEach(fruit, f => { sliced.Add(f); });
                        return sliced.Count;
                    }
                }
                """;
            using var project = new AdhocProject(Code);
            var root = (await project.Document.GetSyntaxRootAsync())!;
            var model = (await project.Document.GetSemanticModelAsync())!;
            var declarator = root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Single();
            var local = (ILocalSymbol)model.GetDeclaredSymbol(declarator)!;
            var method = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single();

            Assert.NotNull(ConcurrentCollectionSwap.Plan(model, local, CancellationToken.None));
            Assert.ThrowsAny<OperationCanceledException>(() => ConcurrentCollectionSwap.Plan(model, local, Cancelled()));

            Assert.Equal("gate", FreeNames.Pick(model, method, "gate", Array.Empty<string>(), CancellationToken.None));
            Assert.ThrowsAny<OperationCanceledException>(() => FreeNames.Pick(model, method, "gate", Array.Empty<string>(), Cancelled()));
        }

        /// <summary>A test double: cancels the analysis from inside its first callback, while the other analyzer is at work.</summary>
        /// <remarks>A test double, never shipped: it needs neither extended analyzer rules nor release tracking.</remarks>
#pragma warning disable RS1036, RS2008
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class CancelOnFirstCallback : DiagnosticAnalyzer
        {
            private readonly CancellationTokenSource source;

            public CancelOnFirstCallback(CancellationTokenSource source) => this.source = source;

            // It reports nothing; a descriptor is required, so it borrows one.
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CVP061UnobservedTask);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterOperationAction(_ => source.Cancel(), OperationKind.Invocation);
            }
        }
#pragma warning restore RS1036, RS2008

        /// <summary>Fix All's view of the diagnostics: exactly the ones given.</summary>
        private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> diagnostics;

            public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => this.diagnostics = diagnostics;

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
        }
    }
}
