namespace ConcurrencyAnalyzers
{
    /// <summary>Every rule ID, once. IDs are fixed: never renumber or reuse one.</summary>
    internal static class RuleIds
    {
        // A. Parallelism used for waiting
        public const string AsyncDelegateInParallelLoop = "CVP001";
        public const string BlockingIoInParallelBody = "CVP002";
        public const string AsyncDelegateInPlinq = "CVP003";

        // B. Threads hired to wait
        public const string TaskRunWrapsAsyncCall = "CVP010";
        public const string TaskRunWrapsBlockingIo = "CVP011";
        public const string StartNewWithAsyncDelegate = "CVP012";

        // C. Blocking where concurrency was meant
        public const string BlockingWaitInAsyncCode = "CVP020";
        public const string ThreadSleepInAsyncCode = "CVP021";
        public const string SynchronousIoInAsyncCode = "CVP022";

        // D. Missed concurrency
        public const string SequentialIndependentAwaits = "CVP030";
        public const string AwaitInLoopOverIndependentItems = "CVP031";

        // E. Async is not parallel
        public const string AsyncDelegateWithoutAwaitAsConcurrentWork = "CVP040";

        // F. Parallel without independence
        public const string UnsynchronizedSharedWriteInParallelBody = "CVP050";
        public const string NonThreadSafeCollectionInParallelBody = "CVP051";

        // G. Concurrency without coordination
        public const string AsyncVoidMethod = "CVP060";
        public const string UnobservedTask = "CVP061";
    }
}
