using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ConcurrencyAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// One planned lock: the statements of a parallel delegate to wrap in <c>lock (gate) { … }</c>, and the
    /// statement holding the parallel call, before which the gate object is declared.
    /// </summary>
    internal sealed class LockPlan
    {
        public LockPlan(StatementSyntax parallelStatement, AnonymousFunctionExpressionSyntax function, int start, int end)
        {
            ParallelStatement = parallelStatement;
            Function = function;
            Start = start;
            End = end;
        }

        /// <summary>The statement that contains the parallel call; the gate goes right before it.</summary>
        public StatementSyntax ParallelStatement { get; }

        /// <summary>The parallel delegate whose body gets the lock.</summary>
        public AnonymousFunctionExpressionSyntax Function { get; }

        /// <summary>First and last top-level statement of the delegate's block to wrap (both -1 for an expression body).</summary>
        public int Start { get; }

        public int End { get; }
    }

    /// <summary>
    /// Wraps the writes of a parallel delegate in <c>lock</c>: the lock covers every top-level statement of
    /// the delegate that touches the guarded variable (so a check and its write stay together), and one
    /// gate object per parallel call is declared right before it (or reused). Declines (null plan) when the
    /// statements await, declare something used after them, the delegate is static (it could not see the gate),
    /// or the parallel call is not a statement of a block.
    /// </summary>
    internal static class LockWrapper
    {
        private const string GateName = "gate";

        public static LockPlan? Plan(SemanticModel model, SyntaxNode write, ISymbol? guarded, SyntaxNode parallelInvocation, SyntaxNode function, CancellationToken cancellationToken)
        {
            if (function is not AnonymousFunctionExpressionSyntax anonymous || anonymous.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) && anonymous.Block is null)
            {
                return null;
            }

            if (anonymous.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                return null; // a static delegate cannot see a gate declared beside the loop (CS8820)
            }

            var parallelStatement = parallelInvocation.FirstAncestorOrSelf<StatementSyntax>();
            if (parallelStatement is null || parallelStatement.Span.Contains(anonymous.Span) == false
                || parallelStatement.Parent is not (BlockSyntax or GlobalStatementSyntax))
            {
                return null;
            }

            if (anonymous.Block is null)
            {
                // x => list.Add(x): only a delegate returning nothing becomes { lock (gate) { list.Add(x); } }.
                if (anonymous.ExpressionBody is not { } body || !body.Span.Contains(write.Span)
                    || model.GetSymbolInfo(anonymous, cancellationToken).Symbol is not IMethodSymbol { ReturnsVoid: true }
                    || body.DescendantNodesAndSelf().OfType<AwaitExpressionSyntax>().Any())
                {
                    return null;
                }

                return new LockPlan(parallelStatement, anonymous, -1, -1);
            }

            var statements = anonymous.Block.Statements;
            var start = IndexOfContaining(statements, write);
            if (start < 0)
            {
                return null;
            }

            var end = start;
            if (guarded is not null)
            {
                for (var i = 0; i < statements.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (i >= start && i <= end)
                    {
                        continue;
                    }

                    if (References(model, statements[i], guarded, cancellationToken))
                    {
                        start = System.Math.Min(start, i);
                        end = System.Math.Max(end, i);
                    }
                }
            }

            return CanWrap(statements, start, end, cancellationToken) ? new LockPlan(parallelStatement, anonymous, start, end) : null;
        }

        /// <summary>Applies plans (of one or many diagnostics) in one pass: overlapping ranges merge, one gate per parallel call.</summary>
        public static SyntaxNode Apply(SemanticModel model, SyntaxNode root, IReadOnlyList<LockPlan> plans, CancellationToken cancellationToken)
        {
            var gates = new Dictionary<StatementSyntax, (string Name, bool IsNew)>();
            var taken = new HashSet<string>();
            foreach (var statement in plans.Select(p => p.ParallelStatement).Distinct())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var existing = ExistingGate(statement);
                if (existing is not null)
                {
                    gates[statement] = (existing, false);
                    continue;
                }

                var name = ChooseName(model, statement, taken, cancellationToken);
                taken.Add(name);
                gates[statement] = (name, true);
            }

            var eol = EndOfLine(root);
            var functions = plans.Select(p => p.Function).Distinct().ToList();
            var tracked = root.TrackNodes(functions.Cast<SyntaxNode>().Concat(gates.Keys));
            foreach (var function in functions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var mine = plans.Where(p => p.Function == function).ToList();
                var gate = gates[mine[0].ParallelStatement].Name;
                var current = tracked.GetCurrentNode(function)!;
                tracked = tracked.ReplaceNode(current, Wrap(current, mine, gate, eol));
            }

            foreach (var pair in gates.Where(g => g.Value.IsNew))
            {
                var current = tracked.GetCurrentNode(pair.Key)!;
                tracked = current.Parent is GlobalStatementSyntax global
                    ? tracked.InsertNodesBefore(global, new[] { GlobalGateDeclaration(pair.Value.Name, eol) })
                    : tracked.InsertNodesBefore(current, new[] { GateDeclaration(pair.Value.Name) });
            }

            return tracked;
        }

        private static AnonymousFunctionExpressionSyntax Wrap(AnonymousFunctionExpressionSyntax function, List<LockPlan> plans, string gate, string eol)
        {
            // The formatter keeps a one-line block on one line, so a new or one-line body is written out
            // line by line, indented like the line the delegate starts on.
            var line = function.SyntaxTree.GetText().Lines.GetLineFromPosition(function.SpanStart).ToString();
            var indent = line.Substring(0, line.Length - line.TrimStart().Length);
            var unit = indent.StartsWith("\t", System.StringComparison.Ordinal) ? "\t" : "    ";

            if (function.Block is null && function is LambdaExpressionSyntax lambda && lambda.ExpressionBody is { } expression)
            {
                var text = eol + indent + "{" + eol
                    + indent + unit + "lock (" + gate + ")" + eol
                    + indent + unit + "{" + eol
                    + indent + unit + unit + expression.WithoutTrivia().ToFullString() + ";" + eol
                    + indent + unit + "}" + eol
                    + indent + "}";
                var block = ((BlockSyntax)ParseStatement(text)).WithTrailingTrivia(expression.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
                return lambda.WithExpressionBody(null).WithArrowToken(lambda.ArrowToken.WithTrailingTrivia()).WithBlock(block).WithAdditionalAnnotations(Formatter.Annotation);
            }

            var ranges = plans.Where(p => p.Start >= 0).Select(p => (p.Start, p.End)).OrderBy(r => r.Start).ToList();
            var merged = new List<(int Start, int End)>();
            foreach (var range in ranges)
            {
                if (merged.Count > 0 && range.Start <= merged[merged.Count - 1].End)
                {
                    var last = merged[merged.Count - 1];
                    merged[merged.Count - 1] = (last.Start, System.Math.Max(last.End, range.End));
                }
                else
                {
                    merged.Add(range);
                }
            }

            var body = function.Block!;
            var statements = body.Statements;
            if (!body.ToString().Contains("\n"))
            {
                var text = new System.Text.StringBuilder(eol + indent + "{" + eol);
                for (var i = 0; i < statements.Count; i++)
                {
                    if (merged.Any(r => r.Start == i))
                    {
                        var range = merged.First(r => r.Start == i);
                        text.Append(indent + unit + "lock (" + gate + ")" + eol + indent + unit + "{" + eol);
                        for (var k = range.Start; k <= range.End; k++)
                        {
                            text.Append(indent + unit + unit + statements[k].WithoutTrivia().ToFullString() + eol);
                        }

                        text.Append(indent + unit + "}" + eol);
                        i = range.End;
                    }
                    else
                    {
                        text.Append(indent + unit + statements[i].WithoutTrivia().ToFullString() + eol);
                    }
                }

                text.Append(indent + "}");
                var block = ((BlockSyntax)ParseStatement(text.ToString())).WithTrailingTrivia(body.GetTrailingTrivia());
                var rewritten = function is LambdaExpressionSyntax arrow
                    ? arrow.WithArrowToken(arrow.ArrowToken.WithTrailingTrivia()).WithBlock(block)
                    : function.WithBlock(block);
                return rewritten.WithAdditionalAnnotations(Formatter.Annotation);
            }

            var result = new List<StatementSyntax>();
            for (var i = 0; i < statements.Count; i++)
            {
                if (merged.Any(r => r.Start == i))
                {
                    var range = merged.First(r => r.Start == i);
                    var inner = string.Concat(statements.Skip(range.Start).Take(range.End - range.Start + 1).Select(s => s.ToFullString()));
                    var text = "lock (" + gate + ")" + eol + "{" + eol + inner + "}" + eol;
                    result.Add(ParseStatement(text).WithAdditionalAnnotations(Formatter.Annotation));
                    i = range.End;
                }
                else
                {
                    result.Add(statements[i]);
                }
            }

            return function.WithBlock(body.WithStatements(List(result)));
        }

        /// <summary>The line break the document already uses.</summary>
        private static string EndOfLine(SyntaxNode root)
        {
            var existing = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            return existing.IsKind(SyntaxKind.EndOfLineTrivia) ? existing.ToFullString() : "\r\n";
        }

        private static LocalDeclarationStatementSyntax GateDeclaration(string name) =>
            LocalDeclarationStatement(
                VariableDeclaration(
                    IdentifierName("var"),
                    SingletonSeparatedList(
                        VariableDeclarator(Identifier(name)).WithInitializer(
                            EqualsValueClause(ObjectCreationExpression(PredefinedType(Token(SyntaxKind.ObjectKeyword))).WithArgumentList(ArgumentList()))))))
            .WithAdditionalAnnotations(Formatter.Annotation);

        /// <summary>
        /// The gate as a top-level statement, written out with its own line break: the formatter would set a
        /// new member of the compilation unit apart with blank lines.
        /// </summary>
        private static GlobalStatementSyntax GlobalGateDeclaration(string name, string eol) =>
            GlobalStatement(ParseStatement("var " + name + " = new object();" + eol));

        /// <summary><c>var name = new object();</c> or <c>object name = new object();</c> right before the parallel call.</summary>
        private static string? ExistingGate(StatementSyntax parallelStatement)
        {
            StatementSyntax? previous = null;
            if (parallelStatement.Parent is BlockSyntax block)
            {
                var index = block.Statements.IndexOf(parallelStatement);
                previous = index > 0 ? block.Statements[index - 1] : null;
            }
            else if (parallelStatement.Parent is GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global)
            {
                var index = unit.Members.IndexOf(global);
                previous = index > 0 ? (unit.Members[index - 1] as GlobalStatementSyntax)?.Statement : null;
            }

            if (previous is LocalDeclarationStatementSyntax { Declaration: { Variables.Count: 1 } declaration } local
                && local.Modifiers.Count == 0
                && (declaration.Type is IdentifierNameSyntax { IsVar: true } || declaration.Type is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.ObjectKeyword))
                && declaration.Variables[0].Initializer?.Value is ObjectCreationExpressionSyntax { Type: PredefinedTypeSyntax created, ArgumentList.Arguments.Count: 0, Initializer: null }
                && created.Keyword.IsKind(SyntaxKind.ObjectKeyword))
            {
                return declaration.Variables[0].Identifier.ValueText;
            }

            return null;
        }

        /// <summary>"gate", "gate2", … : a name no symbol in scope has and no identifier of the enclosing member uses.</summary>
        private static string ChooseName(SemanticModel model, StatementSyntax parallelStatement, HashSet<string> taken, CancellationToken cancellationToken)
        {
            SyntaxNode scope = (SyntaxNode?)parallelStatement.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? parallelStatement.SyntaxTree.GetRoot(cancellationToken);
            var used = new HashSet<string>();
            foreach (var token in scope.DescendantTokens())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    used.Add(token.ValueText);
                }
            }

            for (var n = 1; ; n++)
            {
                var name = n == 1 ? GateName : GateName + n;
                if (!taken.Contains(name) && !used.Contains(name) && model.LookupSymbols(parallelStatement.SpanStart, name: name).IsEmpty)
                {
                    return name;
                }
            }
        }

        private static int IndexOfContaining(SyntaxList<StatementSyntax> statements, SyntaxNode node)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                if (statements[i].Span.Contains(node.Span))
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool References(SemanticModel model, SyntaxNode node, ISymbol symbol, CancellationToken cancellationToken)
        {
            foreach (var identifier in node.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (identifier.Identifier.ValueText == symbol.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol?.OriginalDefinition, symbol.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>No await inside a lock; nothing declared inside may be needed after it; no local function moves scope.</summary>
        private static bool CanWrap(SyntaxList<StatementSyntax> statements, int start, int end, CancellationToken cancellationToken)
        {
            var declared = new HashSet<string>();
            for (var i = start; i <= end; i++)
            {
                var statement = statements[i];
                if (statement is LocalFunctionStatementSyntax)
                {
                    return false;
                }

                foreach (var node in statement.DescendantNodesAndSelf())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (node)
                    {
                        case AwaitExpressionSyntax:
                        case YieldStatementSyntax:
                        case CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                        case UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                        case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                            return false;
                        case VariableDeclaratorSyntax declarator:
                            declared.Add(declarator.Identifier.ValueText);
                            break;
                        case SingleVariableDesignationSyntax designation:
                            declared.Add(designation.Identifier.ValueText);
                            break;
                    }
                }
            }

            for (var i = end + 1; i < statements.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (statements[i].DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => declared.Contains(n.Identifier.ValueText)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
