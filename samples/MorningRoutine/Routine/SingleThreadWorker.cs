using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace MorningRoutine.Routine
{
    /// <summary>
    /// One person: a dedicated thread whose <see cref="SynchronizationContext"/> brings every continuation back
    /// to it. Async code run here is concurrent without being parallel — it overlaps waits, never computations.
    /// </summary>
    public sealed class SingleThreadWorker : SynchronizationContext
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> queue =
            new BlockingCollection<(SendOrPostCallback Callback, object? State)>();

        private SingleThreadWorker()
        {
        }

        /// <summary>Runs <paramref name="work"/> and all its continuations on one new thread.</summary>
        public static Task RunAsync(Func<Task> work)
        {
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() => Pump(work, finished)) { IsBackground = true, Name = "the one worker" };
            thread.Start();
            return finished.Task;
        }

        public override void Post(SendOrPostCallback d, object? state) => queue.Add((d, state));

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("The one worker does not wait for itself.");

        private static void Pump(Func<Task> work, TaskCompletionSource finished)
        {
            var context = new SingleThreadWorker();
            SetSynchronizationContext(context);
            try
            {
                var task = work();
                // Runs where the work completes — on this thread, as its last continuation — so ending needs no other thread.
                _ = task.ContinueWith(_ => context.queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                foreach (var (callback, state) in context.queue.GetConsumingEnumerable())
                {
                    callback(state);
                }

                if (task.Exception is { } failure)
                {
                    finished.SetException(failure.InnerExceptions);
                }
                else if (task.IsCanceled)
                {
                    finished.SetCanceled();
                }
                else
                {
                    finished.SetResult();
                }
            }
            catch (Exception exception)
            {
                finished.TrySetException(exception);
            }
            finally
            {
                SetSynchronizationContext(null);
            }
        }
    }
}
