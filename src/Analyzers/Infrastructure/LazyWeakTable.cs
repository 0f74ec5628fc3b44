using System.Runtime.CompilerServices;
using System.Threading;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// A weak table made on first use. Rules keep such a cache per compilation, and the IDE makes a compilation
    /// for every document it analyzes, most of which never put anything in it; an empty weak table still costs
    /// several allocations and a finalizable container.
    /// </summary>
    internal sealed class LazyWeakTable<TKey, TValue>
        where TKey : class
        where TValue : class
    {
        private ConditionalWeakTable<TKey, TValue>? table;

        /// <summary>The value kept for <paramref name="key"/>, made by <paramref name="create"/> the first time.</summary>
        public TValue GetOrCreate(TKey key, ConditionalWeakTable<TKey, TValue>.CreateValueCallback create)
        {
            var current = LazyInitializer.EnsureInitialized(ref table, () => new ConditionalWeakTable<TKey, TValue>())!;
            return current.TryGetValue(key, out var existing) ? existing : current.GetValue(key, create);
        }
    }
}
