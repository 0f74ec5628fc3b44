using Microsoft.CodeAnalysis;

namespace ConcurrencyAnalyzers
{
    /// <summary>
    /// Every rule's descriptor, built by one factory so that titles, messages and severities can be
    /// reviewed on one screen. Titles and messages have no final period; a message names the
    /// construct and the better tool; the description tells why, in the lesson's words:
    /// concurrency is about structure (dealing with many things at once, mostly waiting),
    /// parallelism is about execution (doing many things at once on many cores).
    /// </summary>
    internal static class Descriptors
    {
        public const string Category = "Concurrency";

        /// <summary>The only place the documentation URL appears.</summary>
        public const string HelpBase = "https://github.com/concurrency-analyzers/ConcurrencyAnalyzers/blob/main/docs/rules/";

        // ---- A. Parallelism used for waiting -------------------------------------------------

        public static readonly DiagnosticDescriptor CVP001AsyncDelegateInParallelLoop = Create(
            RuleIds.AsyncDelegateInParallelLoop,
            "Async delegate passed to a parallel loop",
            "'{0}' cannot wait for the async delegate it receives, so the loop ends before the work does; use '{1}' and await it",
            DiagnosticSeverity.Warning,
            "Parallel loops hire threads for CPU work and know nothing of tasks: an async body becomes async void, the loop finishes when each body reaches its first await, and an exception crashes the process. Waiting many things at once is concurrency: await Parallel.ForEachAsync, Parallel.ForAsync or Task.WhenAll.");

        public static readonly DiagnosticDescriptor CVP002BlockingIoInParallelBody = Create(
            RuleIds.BlockingIoInParallelBody,
            "Blocking IO inside a parallel body",
            "'{0}' blocks a parallel loop thread while it waits for IO; parallel loops are for CPU work — use {1} and '{2}'",
            DiagnosticSeverity.Warning,
            "A parallel loop hires a thread per partition to compute; a body that waits on IO holds that thread doing nothing and starves the thread pool. Waiting is concurrency: an async loop awaits the IO without holding threads.");

        public static readonly DiagnosticDescriptor CVP003AsyncDelegateInPlinq = Create(
            RuleIds.AsyncDelegateInPlinq,
            "Async delegate in a PLINQ query",
            "'{0}' on a parallel query only starts tasks on many threads and nobody awaits them there; use 'await Task.WhenAll(source.Select(...))' without 'AsParallel'",
            DiagnosticSeverity.Warning,
            "PLINQ spreads CPU work over cores; an async projection spends those threads only starting tasks that then wait. Starting many waits and awaiting them together is concurrency: Task.WhenAll over a plain Select.");

        // ---- B. Threads hired to wait --------------------------------------------------------

        public static readonly DiagnosticDescriptor CVP010TaskRunWrapsAsyncCall = Create(
            RuleIds.TaskRunWrapsAsyncCall,
            "Task.Run wraps an async call",
            "'{0}' only starts '{1}', which is already asynchronous; call '{1}' directly instead of hopping to the thread pool",
            DiagnosticSeverity.Warning,
            "An asynchronous call already returns at its first wait; sending it to the thread pool first hires a thread for nothing. Concurrency needs no extra thread.");

        public static readonly DiagnosticDescriptor CVP011TaskRunWrapsBlockingIo = Create(
            RuleIds.TaskRunWrapsBlockingIo,
            "Task.Run wraps blocking IO",
            "'{0}' hires a thread-pool thread to sit waiting on '{1}'; use its async counterpart '{2}' instead",
            DiagnosticSeverity.Warning,
            "Wrapping blocking IO in Task.Run is fake async: a thread is held for the whole wait. The async API waits without a thread.");

        public static readonly DiagnosticDescriptor CVP012StartNewWithAsyncDelegate = Create(
            RuleIds.StartNewWithAsyncDelegate,
            "Task.Factory.StartNew or new Task with an async delegate",
            "'{0}' with an async delegate gives a task that ends at the delegate's first await, not when its work ends; use '{1}'",
            DiagnosticSeverity.Warning,
            "StartNew returns Task<Task> for an async delegate and new Task makes it async void: whoever waits sees the work finished when it has only started waiting. Task.Run (or Unwrap) gives a task that ends when the work ends.");

        // ---- C. Blocking where concurrency was meant ----------------------------------------

        public static readonly DiagnosticDescriptor CVP020BlockingWaitInAsyncCode = Create(
            RuleIds.BlockingWaitInAsyncCode,
            "Blocking wait on a task in async code",
            "'{0}' blocks the thread until the task ends, inside async code; use '{1}' so the thread is released while it waits",
            DiagnosticSeverity.Warning,
            "Async code deals with many things at once by giving its thread back while it waits. A blocking wait holds the thread, can deadlock on a synchronization context, and turns concurrency back into waiting in line.");

        public static readonly DiagnosticDescriptor CVP021ThreadSleepInAsyncCode = Create(
            RuleIds.ThreadSleepInAsyncCode,
            "Thread.Sleep in async code",
            "'{0}' blocks a thread inside async code; await 'Task.Delay' so the thread is released",
            DiagnosticSeverity.Warning,
            "Async code waits without holding a thread; sleeping defeats that and starves the pool.");

        public static readonly DiagnosticDescriptor CVP022SynchronousIoInAsyncCode = Create(
            RuleIds.SynchronousIoInAsyncCode,
            "Synchronous IO in async code",
            "'{0}' waits for IO while holding the thread, inside async code; await '{1}' instead",
            DiagnosticSeverity.Warning,
            "Inside async code a synchronous IO call holds the thread for the whole wait, so nothing else can use it. Its async counterpart gives the thread back while the IO is under way.");

        // ---- D. Missed concurrency -----------------------------------------------------------

        public static readonly DiagnosticDescriptor CVP030SequentialIndependentAwaits = Create(
            RuleIds.SequentialIndependentAwaits,
            "Independent awaits run one after another",
            "These {0} awaits do not depend on each other but wait one after another; start them all, then 'await Task.WhenAll'",
            DiagnosticSeverity.Info,
            "Getting ready and preparing breakfast do not depend on each other: one person can put the kettle on and wash their face while it boils. Awaiting independent operations strictly in order gives up that concurrency.");

        public static readonly DiagnosticDescriptor CVP031AwaitInLoopOverIndependentItems = Create(
            RuleIds.AwaitInLoopOverIndependentItems,
            "Await inside a loop over independent items",
            "Each iteration awaits '{0}' before the next starts, though the iterations are independent; use 'await Task.WhenAll' over the items",
            DiagnosticSeverity.Info,
            "When iterations do not depend on each other, their waits can overlap. Awaiting each in turn makes the total the sum of all waits instead of the longest.");

        // ---- E. Async is not parallel --------------------------------------------------------

        public static readonly DiagnosticDescriptor CVP040AsyncDelegateWithoutAwaitAsConcurrentWork = Create(
            RuleIds.AsyncDelegateWithoutAwaitAsConcurrentWork,
            "Async delegate without await used as concurrent work",
            "'{0}' is async but never awaits, so the tasks given to '{1}' run one after another on the calling thread; use 'Task.Run' for CPU work that should run in parallel",
            DiagnosticSeverity.Warning,
            "Async is not parallel: an async method without await runs to completion synchronously before it returns its task. Combining such tasks with Task.WhenAll overlaps nothing; CPU work runs in parallel only on other threads.");

        // ---- F. Parallel without independence ------------------------------------------------

        public static readonly DiagnosticDescriptor CVP050UnsynchronizedSharedWriteInParallelBody = Create(
            RuleIds.UnsynchronizedSharedWriteInParallelBody,
            "Unsynchronized write to shared state in a parallel body",
            "'{0}' is shared by every iteration of the parallel body and written without synchronization; use {1}",
            DiagnosticSeverity.Warning,
            "Parallelism needs independent work. Iterations that write the same variable at the same time lose updates; Interlocked, a lock, or per-thread state with localInit/localFinally restores the coordination that concurrency requires.");

        public static readonly DiagnosticDescriptor CVP051NonThreadSafeCollectionInParallelBody = Create(
            RuleIds.NonThreadSafeCollectionInParallelBody,
            "Non-thread-safe collection mutated in a parallel body",
            "'{0}' mutates a '{1}' shared by every iteration of the parallel body; {2}",
            DiagnosticSeverity.Warning,
            "Collections of System.Collections.Generic are not safe for concurrent writes: parallel iterations corrupt them or lose items. Concurrent collections coordinate the writers.");

        // ---- G. Concurrency without coordination ---------------------------------------------

        public static readonly DiagnosticDescriptor CVP060AsyncVoidMethod = Create(
            RuleIds.AsyncVoidMethod,
            "Async void method",
            "'{0}' is async void, so no caller can wait for it or see its exceptions; return 'Task'",
            DiagnosticSeverity.Warning,
            "Concurrency is about structure: who waits for whom. An async void method cannot be awaited, and its exceptions crash the process.");

        public static readonly DiagnosticDescriptor CVP061UnobservedTask = Create(
            RuleIds.UnobservedTask,
            "Task started and never observed",
            "The task returned by '{0}' is dropped, so nobody waits for it or sees its exceptions; {1}",
            DiagnosticSeverity.Warning,
            "A started task that nobody awaits is work without coordination: its end is never waited for and its failure is never seen. Await it, or discard it explicitly when fire-and-forget is meant.");

        private static DiagnosticDescriptor Create(
            string id, string title, string message, DiagnosticSeverity severity, string description, bool enabledByDefault = true) =>
            new DiagnosticDescriptor(id, title, message, Category, severity, enabledByDefault, description, HelpBase + id + ".md");
    }
}
