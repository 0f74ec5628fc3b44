using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConcurrencyAnalyzers.Rules
{
    /// <summary>
    /// CVP061: a call returning Task/Task&lt;T&gt;/ValueTask/ValueTask&lt;T&gt; used as a statement, its task dropped.
    /// Not flagged: explicit discards (<c>_ = …</c>), awaited/returned/assigned/passed-on tasks, expression-bodied
    /// lambdas (a parallel body that drops a task is CVP001's), generic methods whose <c>T</c> happens to be a task
    /// (<c>Interlocked.Exchange(ref task, …)</c>), and calls of the fire-and-forget methods the user configures.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CVP061UnobservedTaskAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Fix shape: "Await" when the statement is in async code where await is allowed, else "Discard".</summary>
        public const string ShapeAwait = "Await";
        public const string ShapeDiscard = "Discard";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Descriptors.CVP061UnobservedTask);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = KnownSymbols.Create(start.Compilation);
                if (known.Task is null)
                {
                    return;
                }

                var options = new CVP061Options(start.Compilation, start.Options.AnalyzerConfigOptionsProvider);
                start.RegisterOperationAction(c => AnalyzeStatement(c, known, options), OperationKind.ExpressionStatement);
            });
        }

        private static void AnalyzeStatement(OperationAnalysisContext context, KnownSymbols known, CVP061Options options)
        {
            var statement = (IExpressionStatementOperation)context.Operation;
            if (statement.Operation is not IInvocationOperation call || !IsWrittenStatement(statement.Syntax))
            {
                return;
            }

            var definition = (call.TargetMethod.ReducedFrom ?? call.TargetMethod).OriginalDefinition;
            if (!known.IsTaskLike(call.Type) || !known.IsTaskLike(definition.ReturnType))
            {
                return; // not a task, or a generic method whose T happens to be a task (Interlocked.Exchange, GetOrAdd…)
            }

            if (options.IsFireAndForget(call.Syntax.SyntaxTree, call.TargetMethod))
            {
                return;
            }

            // t.ContinueWith(handler) as a statement attaches a handler to t; the continuation's own task is
            // not work anybody waits for (found on AsyncEx, Polly, StackExchange.Redis: every one intentional).
            if (KnownSymbols.IsOneOf(call.TargetMethod, known.TaskContinueWith))
            {
                return;
            }

            var canAwait = AsyncContext.IsInAsyncFunction(statement, context.ContainingSymbol) && !IsInsideLock(statement);
            var advice = canAwait
                ? "await it, or write '_ =' if fire-and-forget is really meant"
                : "write '_ =' to make the fire-and-forget explicit, or await it from async code";
            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.FixShape, canAwait ? ShapeAwait : ShapeDiscard);
            context.Report(Diagnostic.Create(
                Descriptors.CVP061UnobservedTask, call.Syntax.GetLocation(), properties, call.TargetMethod.Name, advice));
        }

        /// <summary>A statement the user wrote: <c>Foo();</c> or a method/local function's <c>=&gt; Foo()</c>, not a lambda's expression body.</summary>
        private static bool IsWrittenStatement(SyntaxNode syntax) =>
            syntax is ExpressionStatementSyntax
            || (syntax.Parent is ArrowExpressionClauseSyntax arrow && arrow.Parent is MethodDeclarationSyntax or LocalFunctionStatementSyntax);

        private static bool IsInsideLock(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ILockOperation:
                        return true;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The <c>fire_and_forget_methods</c> option of CVP061: documentation-comment IDs of methods
    /// (<c>M:Ns.Type.Method(System.Threading.Tasks.Task)</c>) or types (<c>T:Ns.Type</c>, every method of it),
    /// separated by commas or semicolons. Read from <c>concurrency_analyzers.CVP061.fire_and_forget_methods</c>,
    /// else <c>concurrency_analyzers.fire_and_forget_methods</c>; parsed once per syntax tree.
    /// </summary>
    internal sealed class CVP061Options
    {
        public const string RuleKey = "concurrency_analyzers.CVP061.fire_and_forget_methods";
        public const string GlobalKey = "concurrency_analyzers.fire_and_forget_methods";

        private readonly Compilation compilation;
        private readonly AnalyzerConfigOptionsProvider provider;
        // Made on first use: one CVP061Options per compilation (per document analyzed in the IDE), and most never
        // meet a call whose task is dropped.
        private ConcurrentDictionary<SyntaxTree, ImmutableHashSet<ISymbol>>? perTree;
        private ConcurrentDictionary<string, ImmutableHashSet<ISymbol>>? perValue;

        public CVP061Options(Compilation compilation, AnalyzerConfigOptionsProvider provider)
        {
            this.compilation = compilation;
            this.provider = provider;
        }

        public bool IsFireAndForget(SyntaxTree tree, IMethodSymbol method)
        {
            var trees = LazyInitializer.EnsureInitialized(ref perTree, () => new ConcurrentDictionary<SyntaxTree, ImmutableHashSet<ISymbol>>())!;
            var configured = trees.GetOrAdd(tree, Read);
            if (configured.IsEmpty)
            {
                return false;
            }

            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return configured.Contains(definition) || (definition.ContainingType is { } type && configured.Contains(type.OriginalDefinition));
        }

        private ImmutableHashSet<ISymbol> Read(SyntaxTree tree)
        {
            var options = provider.GetOptions(tree);
            if (!options.TryGetValue(RuleKey, out var value) && !options.TryGetValue(GlobalKey, out value))
            {
                return ImmutableHashSet<ISymbol>.Empty;
            }

            var values = LazyInitializer.EnsureInitialized(ref perValue, () => new ConcurrentDictionary<string, ImmutableHashSet<ISymbol>>(StringComparer.Ordinal))!;
            return values.GetOrAdd(value, Parse);
        }

        private ImmutableHashSet<ISymbol> Parse(string value)
        {
            var builder = ImmutableHashSet.CreateBuilder<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var id in SplitIds(value))
            {
                foreach (var symbol in DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation))
                {
                    builder.Add(symbol.OriginalDefinition);
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>Splits on ',' or ';' outside the parentheses and braces of a documentation-comment ID.</summary>
        private static ImmutableArray<string> SplitIds(string value)
        {
            var ids = ImmutableArray.CreateBuilder<string>();
            var depth = 0;
            var start = 0;
            for (var i = 0; i <= value.Length; i++)
            {
                var c = i < value.Length ? value[i] : ';';
                if (c is '(' or '{' or '[')
                {
                    depth++;
                }
                else if (c is ')' or '}' or ']')
                {
                    depth--;
                }
                else if ((c is ',' or ';' && depth <= 0) || i == value.Length)
                {
                    var id = value.Substring(start, i - start).Trim();
                    if (id.Length > 0)
                    {
                        ids.Add(id);
                    }

                    start = i + 1;
                    depth = 0;
                }
            }

            return ids.ToImmutable();
        }
    }
}
