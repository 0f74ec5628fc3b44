using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using ConcurrencyAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>
    /// CVP030: start every task first (<c>var waterTask = BoilAsync();</c>), <c>await Task.WhenAll(…)</c>, then read each
    /// result in the original order with the original declaration (<c>var water = await waterTask;</c>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CVP030SequentialIndependentAwaitsCodeFix)), Shared]
    public sealed class CVP030SequentialIndependentAwaitsCodeFix : CodeFixProvider
    {
        private const string EquivalenceKey = "CVP030.WhenAll";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SequentialIndependentAwaits);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            var known = KnownSymbols.Create(model.Compilation);
            foreach (var diagnostic in context.Diagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (diagnostic.Properties.ContainsKey(DiagnosticProperties.NoFix))
                {
                    continue;
                }

                var steps = new List<Step>();
                foreach (var location in new[] { diagnostic.Location }.Concat(diagnostic.AdditionalLocations))
                {
                    var step = Step.TryCreate(root.FindNode(location.SourceSpan), model, known, context.CancellationToken);
                    if (step is null)
                    {
                        steps.Clear();
                        break;
                    }

                    steps.Add(step);
                }

                if (steps.Count < 2 || !AreConsecutiveInOneBlock(steps, out var block, out var firstIndex))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Start all, then 'await Task.WhenAll'",
                        ct => StartAllThenWhenAllAsync(context.Document, block, firstIndex, steps, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>
        /// The steps are consecutive statements of one block, or consecutive top-level statements; <paramref name="block"/>
        /// is the <see cref="BlockSyntax"/> or the <see cref="CompilationUnitSyntax"/> that holds them.
        /// </summary>
        private static bool AreConsecutiveInOneBlock(List<Step> steps, out SyntaxNode block, out int firstIndex)
        {
            block = null!;
            firstIndex = -1;
            var container = steps[0].Statement.Parent is GlobalStatementSyntax global ? global.Parent : steps[0].Statement.Parent;
            if (container is not (BlockSyntax or CompilationUnitSyntax))
            {
                return false;
            }

            var statements = StatementsOf(container);
            block = container;
            firstIndex = statements.IndexOf(steps[0].Statement);
            for (var i = 0; i < steps.Count; i++)
            {
                var index = firstIndex + i;
                if (firstIndex < 0 || index >= statements.Count || statements[index] != steps[i].Statement)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The statements of a block, or the compilation unit's members with each top-level statement unwrapped (other members as null).</summary>
        private static List<StatementSyntax?> StatementsOf(SyntaxNode container) => container switch
        {
            BlockSyntax block => block.Statements.Cast<StatementSyntax?>().ToList(),
            CompilationUnitSyntax unit => unit.Members.Select(m => (m as GlobalStatementSyntax)?.Statement).ToList(),
            _ => new List<StatementSyntax?>(),
        };

        /// <summary><paramref name="container"/> with <paramref name="count"/> statements from <paramref name="index"/> replaced by <paramref name="replacements"/>.</summary>
        private static SyntaxNode ReplaceStatements(SyntaxNode container, int index, int count, IEnumerable<StatementSyntax> replacements)
        {
            if (container is CompilationUnitSyntax unit)
            {
                var members = unit.Members.ToList();
                members.RemoveRange(index, count);
                members.InsertRange(index, replacements.Select(statement => (MemberDeclarationSyntax)SyntaxFactory.GlobalStatement(statement)));
                return unit.WithMembers(SyntaxFactory.List(members));
            }

            var block = (BlockSyntax)container;
            var statements = block.Statements.ToList();
            statements.RemoveRange(index, count);
            statements.InsertRange(index, replacements);
            return block.WithStatements(SyntaxFactory.List(statements));
        }

        private static async Task<Document> StartAllThenWhenAllAsync(
            Document document, SyntaxNode block, int firstIndex, List<Step> steps, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var first = steps[0].Statement;
            var indentation = SyntaxFactory.TriviaList(first.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
            var endOfLine = first.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var newLine = endOfLine == default ? SyntaxFactory.TriviaList(SyntaxFactory.CarriageReturnLineFeed) : SyntaxFactory.TriviaList(endOfLine);

            // Names already used in the member (for top-level statements: in the whole file, their scope).
            var member = (SyntaxNode?)block.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? block;
            var taken = new HashSet<string>();
            foreach (var token in member.DescendantTokens())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    taken.Add(token.ValueText);
                }
            }

            var starts = new List<StatementSyntax>();
            var reads = new List<StatementSyntax>();
            var taskNames = new List<string>();
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                var taskName = UniqueName(step.VariableName + "Task", taken);
                taskNames.Add(taskName);

                var start = SyntaxFactory.LocalDeclarationStatement(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(
                            SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(taskName))
                                .WithInitializer(SyntaxFactory.EqualsValueClause(step.Call.WithoutTrivia())))))
                    .NormalizeWhitespace()
                    .WithLeadingTrivia(i == 0 ? first.GetLeadingTrivia() : indentation)
                    .WithTrailingTrivia(newLine);
                starts.Add(start);

                var read = step.Statement.ReplaceNode(step.Call, SyntaxFactory.IdentifierName(taskName).WithTriviaFrom(step.Call));
                reads.Add(i == 0 ? read.WithLeadingTrivia(indentation) : read);
            }

            var configureAwait = steps[0].ConfigureAwaitArgument;
            var whenAllText = "await System.Threading.Tasks.Task.WhenAll(" + string.Join(", ", taskNames) + ")"
                + (configureAwait is null ? string.Empty : ".ConfigureAwait(" + configureAwait.ToString() + ")") + ";";
            var whenAll = SyntaxFactory.ParseStatement(whenAllText)
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(newLine)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

            var newBlock = ReplaceStatements(block, firstIndex, steps.Count, starts.Concat(new[] { whenAll }).Concat(reads));
            return await AnnotatedImports.AddAndSimplifyAsync(document.WithSyntaxRoot(root.ReplaceNode(block, newBlock)), cancellationToken).ConfigureAwait(false);
        }

        private static string UniqueName(string baseName, HashSet<string> taken)
        {
            var name = baseName;
            for (var n = 2; !taken.Add(name); n++)
            {
                name = baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }

        /// <summary>One statement of the run: where its task-returning call is and which variable receives the result.</summary>
        private sealed class Step
        {
            private Step(StatementSyntax statement, ExpressionSyntax call, string variableName, ExpressionSyntax? configureAwaitArgument)
            {
                Statement = statement;
                Call = call;
                VariableName = variableName;
                ConfigureAwaitArgument = configureAwaitArgument;
            }

            public StatementSyntax Statement { get; }

            public ExpressionSyntax Call { get; }

            public string VariableName { get; }

            public ExpressionSyntax? ConfigureAwaitArgument { get; }

            public static Step? TryCreate(SyntaxNode node, SemanticModel model, KnownSymbols known, CancellationToken cancellationToken)
            {
                // A top-level statement's span is also its GlobalStatementSyntax's: FindNode returns the outer one.
                var statement = node is GlobalStatementSyntax global ? global.Statement : node.FirstAncestorOrSelf<StatementSyntax>();
                ExpressionSyntax? value;
                string name;
                switch (statement)
                {
                    case LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables }:
                        value = variables[0].Initializer?.Value;
                        name = variables[0].Identifier.ValueText;
                        break;
                    case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } assignment }:
                        value = assignment.Right;
                        name = left.Identifier.ValueText;
                        break;
                    default:
                        return null;
                }

                if (statement is null || value is not AwaitExpressionSyntax { Expression: InvocationExpressionSyntax awaited })
                {
                    return null;
                }

                // Either the task-returning call itself, or 'call.ConfigureAwait(x)' (whose type is not a task).
                var type = model.GetTypeInfo(awaited, cancellationToken).Type;
                var isTask = known.IsTaskLike(type);
                if (isTask)
                {
                    return new Step(statement, awaited, name, null);
                }

                if (awaited.Expression is MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax inner }
                    && awaited.ArgumentList.Arguments.Count == 1
                    && known.IsTaskLike(model.GetTypeInfo(inner, cancellationToken).Type))
                {
                    return new Step(statement, inner, name, awaited.ArgumentList.Arguments[0].Expression);
                }

                return null;
            }
        }
    }
}
