using System;
using System.Collections.Generic;
using ConcurrencyAnalyzers.CodeFixes.Infrastructure;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ConcurrencyAnalyzers.CodeFixes
{
    /// <summary>One planned rewrite of a parallel call: decided on the original tree, applied to the current one.</summary>
    internal sealed class CVP001Plan
    {
        public CVP001Plan(InvocationExpressionSyntax invocation, string equivalenceKey, EnclosingFunctionChange function, bool needsLinq, Func<InvocationExpressionSyntax, ExpressionSyntax> rewrite)
        {
            Invocation = invocation;
            EquivalenceKey = equivalenceKey;
            Function = function;
            NeedsLinq = needsLinq;
            Rewrite = rewrite;
        }

        public InvocationExpressionSyntax Invocation { get; }

        public string EquivalenceKey { get; }

        public EnclosingFunctionChange Function { get; }

        public bool NeedsLinq { get; }

        /// <summary>The current (possibly already edited inside) call → the new expression, without <c>await</c>.</summary>
        public Func<InvocationExpressionSyntax, ExpressionSyntax> Rewrite { get; }

        /// <summary>Names of parameters this plan adds, with the span of the function that gets them.</summary>
        public List<(TextSpan Span, string Name)> AddedNames { get; } = new List<(TextSpan, string)>();
    }
}
