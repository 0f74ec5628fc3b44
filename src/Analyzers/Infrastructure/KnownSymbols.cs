using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>
    /// The types and members the rules compare against, resolved once per compilation (in a
    /// compilation-start action) and handed to the callbacks. Anything missing from the compilation's
    /// references is null or an empty set; rules then register nothing or offer no fix.
    /// </summary>
    internal sealed class KnownSymbols
    {
        private static readonly ConditionalWeakTable<Compilation, KnownSymbols> PerCompilation = new ConditionalWeakTable<Compilation, KnownSymbols>();

        /// <summary>Only while constructing (cleared after): kept out of the shared instance so no compilation stays alive through it.</summary>
        private Compilation? compilation;
        private IAssemblySymbol? compilationAssembly;

        /// <summary>
        /// Sets shared by every compilation over the same references (the IDE makes a new compilation for
        /// every document it analyzes, and after every edit): keyed by the core library's assembly symbol,
        /// which those compilations share, and checked against the full list of referenced assemblies.
        /// </summary>
        private static readonly ConditionalWeakTable<IAssemblySymbol, SharedHolder> PerCoreLibrary = new ConditionalWeakTable<IAssemblySymbol, SharedHolder>();

        /// <summary>While constructing: the metadata names looked up and not found, and whether any was found in source.</summary>
        private readonly List<string> missing = new List<string>();
        private bool foundInSource;

        /// <summary>While constructing: the referenced assemblies the found types come from.</summary>
        private readonly HashSet<IAssemblySymbol> sources = new HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default);

        private readonly HashSet<IMethodSymbol> blockingWaits;
        private readonly NameSet blockingWaitNames;

        private KnownSymbols(Compilation compilation)
        {
            compilationAssembly = compilation.Assembly;
            this.compilation = compilation;

            // Tasks
            Task = Find("System.Threading.Tasks.Task");
            TaskOfT = Find("System.Threading.Tasks.Task`1");
            ValueTask = Find("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = Find("System.Threading.Tasks.ValueTask`1");
            TaskFactory = Find("System.Threading.Tasks.TaskFactory");
            TaskFactoryOfT = Find("System.Threading.Tasks.TaskFactory`1");
            TaskExtensions = Find("System.Threading.Tasks.TaskExtensions");
            TaskAwaiter = Find("System.Runtime.CompilerServices.TaskAwaiter");
            TaskAwaiterOfT = Find("System.Runtime.CompilerServices.TaskAwaiter`1");
            ConfiguredTaskAwaitable = Find("System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
            ConfiguredTaskAwaitableOfT = Find("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");

            // Parallelism
            Parallel = Find("System.Threading.Tasks.Parallel");
            ParallelOptions = Find("System.Threading.Tasks.ParallelOptions");
            ParallelLoopState = Find("System.Threading.Tasks.ParallelLoopState");
            ParallelQueryOfT = Find("System.Linq.ParallelQuery`1");
            ParallelQuery = Find("System.Linq.ParallelQuery");
            ParallelEnumerable = Find("System.Linq.ParallelEnumerable");
            Enumerable = Find("System.Linq.Enumerable");

            // Threads and synchronization
            Thread = Find("System.Threading.Thread");
            SemaphoreSlim = Find("System.Threading.SemaphoreSlim");
            Interlocked = Find("System.Threading.Interlocked");
            Volatile = Find("System.Threading.Volatile");
            Monitor = Find("System.Threading.Monitor");
            CancellationToken = Find("System.Threading.CancellationToken");

            // Misc
            EventArgs = Find("System.EventArgs");
            LambdaExpression = Find("System.Linq.Expressions.LambdaExpression");
            ObsoleteAttribute = Find("System.ObsoleteAttribute");
            IEnumerableOfT = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);

            ParallelFor = Members(Parallel, "For");
            ParallelForEach = Members(Parallel, "ForEach");
            ParallelInvoke = Members(Parallel, "Invoke");
            ParallelLoopMethods = ParallelFor.Union(ParallelForEach).Union(ParallelInvoke);
            ParallelAsyncLoopMethods = Members(Parallel, "ForAsync", "ForEachAsync");
            ParallelForEachAsync = Members(Parallel, "ForEachAsync");
            ParallelForAsync = Members(Parallel, "ForAsync");
            PlinqForAll = Members(ParallelEnumerable, "ForAll");
            PlinqOperators = OperatorsOn(ParallelEnumerable, ParallelQueryOfT);

            // CVP001
            PlinqAsParallel = Members(ParallelEnumerable, "AsParallel");
            EnumerableSelect = Members(Enumerable, "Select");

            // CVP003
            PlinqSelect = Members(ParallelEnumerable, "Select");
            PlinqOrderingAndTuning = Members(ParallelEnumerable, "AsOrdered", "WithDegreeOfParallelism", "WithExecutionMode", "WithMergeOptions");
            PlinqToArrayOrList = Members(ParallelEnumerable, "ToArray", "ToList");
            TaskWhenAll = Members(Task, "WhenAll");

            // CVP002
            Console = Find("System.Console");

            // CVP010, CVP011, CVP012, CVP021
            TaskScheduler = Find("System.Threading.Tasks.TaskScheduler");
            TaskCreationOptions = Find("System.Threading.Tasks.TaskCreationOptions");
            TaskRun = Members(Task, "Run");
            TaskDelay = Members(Task, "Delay");
            TaskFactoryStartNew = Members(TaskFactory, "StartNew");
            TaskUnwrap = Members(TaskExtensions, "Unwrap");
            ThreadSleep = Members(Thread, "Sleep");
            TaskSchedulerDefault = TaskScheduler?.GetMembers("Default").OfType<IPropertySymbol>().FirstOrDefault();
            TaskFactoryProperty = Task?.GetMembers("Factory").OfType<IPropertySymbol>().FirstOrDefault();
            CancellationTokenNone = CancellationToken?.GetMembers("None").OfType<IPropertySymbol>().FirstOrDefault();
            ValueTaskAsTask = Members(ValueTask, "AsTask").Union(Members(ValueTaskOfT, "AsTask"));
            HasUiFramework = false;
            foreach (var anchor in UiFrameworkAnchors)
            {
                HasUiFramework |= Find(anchor) is not null;
            }

            // CVP030
            TaskConfigureAwait = Members(Task, "ConfigureAwait").Union(Members(TaskOfT, "ConfigureAwait"))
                .Union(Members(ValueTask, "ConfigureAwait")).Union(Members(ValueTaskOfT, "ConfigureAwait"));

            // CVP031
            ListOfT = Find("System.Collections.Generic.List`1");
            ListAdd = Members(ListOfT, "Add");
            IAsyncDisposable = Find("System.IAsyncDisposable");

            // CVP040
            TaskWhenAllOrAny = Members(Task, "WhenAll", "WhenAny");
            EnumerableSelect = Members(Enumerable, "Select");

            // CVP020
            TaskStatus = Find("System.Threading.Tasks.TaskStatus");
            ValueTaskAwaiter = Find("System.Runtime.CompilerServices.ValueTaskAwaiter");
            ValueTaskAwaiterOfT = Find("System.Runtime.CompilerServices.ValueTaskAwaiter`1");
            ConfiguredTaskAwaiter = ConfiguredTaskAwaitable?.GetTypeMembers("ConfiguredTaskAwaiter").FirstOrDefault();
            ConfiguredTaskAwaiterOfT = ConfiguredTaskAwaitableOfT?.GetTypeMembers("ConfiguredTaskAwaiter").FirstOrDefault();
            TaskWait = Members(Task, "Wait");
            TaskWaitAll = Members(Task, "WaitAll");
            TaskWaitAny = Members(Task, "WaitAny");
            TaskWhenAny = Members(Task, "WhenAny");
            TaskFromResult = Members(Task, "FromResult");
            TaskContinueWith = Members(Task, "ContinueWith").Union(Members(TaskOfT, "ContinueWith"));
            TaskGetAwaiter = Members(Task, "GetAwaiter").Union(Members(TaskOfT, "GetAwaiter"))
                .Union(Members(ValueTask, "GetAwaiter")).Union(Members(ValueTaskOfT, "GetAwaiter"))
                .Union(Members(ConfiguredTaskAwaitable, "GetAwaiter")).Union(Members(ConfiguredTaskAwaitableOfT, "GetAwaiter"));
            AwaiterGetResult = Members(TaskAwaiter, "GetResult").Union(Members(TaskAwaiterOfT, "GetResult"))
                .Union(Members(ValueTaskAwaiter, "GetResult")).Union(Members(ValueTaskAwaiterOfT, "GetResult"))
                .Union(Members(ConfiguredTaskAwaiter, "GetResult")).Union(Members(ConfiguredTaskAwaiterOfT, "GetResult"));
            SemaphoreSlimWait = Members(SemaphoreSlim, "Wait");
            TaskResult = TaskOfT?.GetMembers("Result").OfType<IPropertySymbol>().FirstOrDefault();
            ValueTaskResult = ValueTaskOfT?.GetMembers("Result").OfType<IPropertySymbol>().FirstOrDefault();
            TaskCompletedTask = Task?.GetMembers("CompletedTask").OfType<IPropertySymbol>().FirstOrDefault();
            TaskStatusProperty = Task?.GetMembers("Status").OfType<IPropertySymbol>().FirstOrDefault();
            var completion = ImmutableHashSet.CreateBuilder<IPropertySymbol>(SymbolEqualityComparer.Default);
            foreach (var type in new[] { Task, ValueTask, ValueTaskOfT })
            {
                foreach (var name in new[] { "IsCompleted", "IsCompletedSuccessfully" })
                {
                    if (type?.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault() is { } property)
                    {
                        completion.Add(property);
                    }
                }
            }

            TaskCompletionProperties = completion.ToImmutable();
            TaskStatusRanToCompletion = TaskStatus?.GetMembers("RanToCompletion").OfType<IFieldSymbol>().FirstOrDefault();
            TaskWaitAsync = Members(Task, "WaitAsync");
            SemaphoreSlimWaitAsync = Members(SemaphoreSlim, "WaitAsync");

            // CVP022
            MemoryStream = Find("System.IO.MemoryStream");
            StringReader = Find("System.IO.StringReader");
            StringWriter = Find("System.IO.StringWriter");

            // CVP050
            ThreadStaticAttribute = Find("System.ThreadStaticAttribute");

            // CVP051
            DictionaryOfTKeyTValue = Find("System.Collections.Generic.Dictionary`2");
            HashSetOfT = Find("System.Collections.Generic.HashSet`1");
            QueueOfT = Find("System.Collections.Generic.Queue`1");
            StackOfT = Find("System.Collections.Generic.Stack`1");
            SortedSetOfT = Find("System.Collections.Generic.SortedSet`1");
            SortedDictionaryOfTKeyTValue = Find("System.Collections.Generic.SortedDictionary`2");
            SortedListOfTKeyTValue = Find("System.Collections.Generic.SortedList`2");
            LinkedListOfT = Find("System.Collections.Generic.LinkedList`1");
            ConcurrentBagOfT = Find("System.Collections.Concurrent.ConcurrentBag`1");
            ConcurrentDictionaryOfTKeyTValue = Find("System.Collections.Concurrent.ConcurrentDictionary`2");
            ConcurrentQueueOfT = Find("System.Collections.Concurrent.ConcurrentQueue`1");
            ConcurrentStackOfT = Find("System.Collections.Concurrent.ConcurrentStack`1");
            NonThreadSafeCollectionMutators = Members(ListOfT, "Add", "AddRange", "Insert", "InsertRange", "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "Clear", "Sort", "Reverse", "TrimExcess", "EnsureCapacity")
                .Union(Members(DictionaryOfTKeyTValue, "Add", "TryAdd", "Remove", "Clear", "TrimExcess", "EnsureCapacity"))
                .Union(Members(HashSetOfT, "Add", "Remove", "RemoveWhere", "Clear", "UnionWith", "ExceptWith", "IntersectWith", "SymmetricExceptWith", "TrimExcess", "EnsureCapacity"))
                .Union(Members(QueueOfT, "Enqueue", "Dequeue", "TryDequeue", "Clear", "TrimExcess", "EnsureCapacity"))
                .Union(Members(StackOfT, "Push", "Pop", "TryPop", "Clear", "TrimExcess", "EnsureCapacity"))
                .Union(Members(SortedSetOfT, "Add", "Remove", "RemoveWhere", "Clear", "UnionWith", "ExceptWith", "IntersectWith", "SymmetricExceptWith"))
                .Union(Members(SortedDictionaryOfTKeyTValue, "Add", "TryAdd", "Remove", "Clear"))
                .Union(Members(SortedListOfTKeyTValue, "Add", "TryAdd", "Remove", "RemoveAt", "Clear", "TrimExcess", "SetValueAtIndex"))
                .Union(Members(LinkedListOfT, "AddFirst", "AddLast", "AddBefore", "AddAfter", "Remove", "RemoveFirst", "RemoveLast", "Clear"));

            // CVP040: the calls that run a lazy Select's delegates (Enumerable.ToList / ToArray)
            EnumerableMaterializers = MethodsNamed(Enumerable, "ToList")
                .Concat(MethodsNamed(Enumerable, "ToArray"))
                .Select(m => m.OriginalDefinition)
                .ToImmutableHashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

            // CVP020: every blocking-wait method in one hash set, behind the set of their names (a string test
            // rules out almost every invocation before any symbol is hashed)
            blockingWaits = new HashSet<IMethodSymbol>(
                AwaiterGetResult.Concat(TaskWait).Concat(SemaphoreSlimWait).Concat(TaskWaitAll).Concat(TaskWaitAny),
                SymbolEqualityComparer.Default);
            blockingWaitNames = new NameSet(blockingWaits.Select(m => m.Name));
        }


        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? TaskOfT { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? ValueTaskOfT { get; }
        public INamedTypeSymbol? TaskFactory { get; }
        public INamedTypeSymbol? TaskFactoryOfT { get; }
        public INamedTypeSymbol? TaskExtensions { get; }
        public INamedTypeSymbol? TaskAwaiter { get; }
        public INamedTypeSymbol? TaskAwaiterOfT { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }

        public INamedTypeSymbol? Parallel { get; }
        public INamedTypeSymbol? ParallelOptions { get; }
        public INamedTypeSymbol? ParallelLoopState { get; }
        public INamedTypeSymbol? ParallelQueryOfT { get; }
        public INamedTypeSymbol? ParallelQuery { get; }
        public INamedTypeSymbol? ParallelEnumerable { get; }
        public INamedTypeSymbol? Enumerable { get; }

        public INamedTypeSymbol? Thread { get; }
        public INamedTypeSymbol? SemaphoreSlim { get; }
        public INamedTypeSymbol? Interlocked { get; }
        public INamedTypeSymbol? Volatile { get; }
        public INamedTypeSymbol? Monitor { get; }
        public INamedTypeSymbol? CancellationToken { get; }

        public INamedTypeSymbol? EventArgs { get; }
        public INamedTypeSymbol? LambdaExpression { get; }
        public INamedTypeSymbol? ObsoleteAttribute { get; }
        public INamedTypeSymbol IEnumerableOfT { get; }

        public ImmutableHashSet<IMethodSymbol> ParallelFor { get; }

        public ImmutableHashSet<IMethodSymbol> ParallelForEach { get; }

        public ImmutableHashSet<IMethodSymbol> ParallelInvoke { get; }

        /// <summary>Every overload of Parallel.For, Parallel.ForEach and Parallel.Invoke.</summary>
        public ImmutableHashSet<IMethodSymbol> ParallelLoopMethods { get; }

        /// <summary>Every overload of Parallel.ForAsync and Parallel.ForEachAsync (.NET 6 / .NET 8 and later).</summary>
        public ImmutableHashSet<IMethodSymbol> ParallelAsyncLoopMethods { get; }

        public ImmutableHashSet<IMethodSymbol> ParallelForEachAsync { get; }

        public ImmutableHashSet<IMethodSymbol> ParallelForAsync { get; }

        /// <summary>
        /// The methods of ParallelEnumerable whose first parameter is a ParallelQuery&lt;T&gt; (or derives from it):
        /// the PLINQ operators, which run their delegates on many threads. Not AsParallel and the others that take
        /// an IEnumerable&lt;T&gt;.
        /// </summary>
        public ImmutableHashSet<IMethodSymbol> PlinqOperators { get; }

        /// <summary>ParallelEnumerable.ForAll.</summary>
        public ImmutableHashSet<IMethodSymbol> PlinqForAll { get; }

        // CVP001

        /// <summary>ParallelEnumerable.AsParallel (every overload).</summary>
        public ImmutableHashSet<IMethodSymbol> PlinqAsParallel { get; }

        // CVP030

        /// <summary>ConfigureAwait on Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt;.</summary>
        public ImmutableHashSet<IMethodSymbol> TaskConfigureAwait { get; }

        // CVP031
        public INamedTypeSymbol? ListOfT { get; }

        public ImmutableHashSet<IMethodSymbol> ListAdd { get; }

        public INamedTypeSymbol? IAsyncDisposable { get; }

        // CVP040

        /// <summary>Every overload of Task.WhenAll and Task.WhenAny.</summary>
        public ImmutableHashSet<IMethodSymbol> TaskWhenAllOrAny { get; }

        /// <summary>Enumerable.Select (both overloads).</summary>
        public ImmutableHashSet<IMethodSymbol> EnumerableSelect { get; }

        // CVP003

        /// <summary>ParallelEnumerable.Select (both overloads).</summary>
        public ImmutableHashSet<IMethodSymbol> PlinqSelect { get; }

        /// <summary>ParallelEnumerable.AsOrdered, WithDegreeOfParallelism, WithExecutionMode, WithMergeOptions: settings that mean nothing once AsParallel is gone.</summary>
        public ImmutableHashSet<IMethodSymbol> PlinqOrderingAndTuning { get; }

        /// <summary>ParallelEnumerable.ToArray and ToList.</summary>
        public ImmutableHashSet<IMethodSymbol> PlinqToArrayOrList { get; }

        /// <summary>Task.WhenAll (every overload).</summary>
        public ImmutableHashSet<IMethodSymbol> TaskWhenAll { get; }

        // CVP002

        /// <summary>System.Console: its Out/Error writers are synchronized and their async methods run synchronously.</summary>
        public INamedTypeSymbol? Console { get; }

        // CVP010, CVP011, CVP012, CVP021
        public INamedTypeSymbol? TaskScheduler { get; }
        public INamedTypeSymbol? TaskCreationOptions { get; }

        /// <summary>Every overload of Task.Run.</summary>
        public ImmutableHashSet<IMethodSymbol> TaskRun { get; }

        /// <summary>Every overload of Task.Delay.</summary>
        public ImmutableHashSet<IMethodSymbol> TaskDelay { get; }

        /// <summary>Every overload of the non-generic TaskFactory.StartNew.</summary>
        public ImmutableHashSet<IMethodSymbol> TaskFactoryStartNew { get; }

        /// <summary>TaskExtensions.Unwrap (both overloads).</summary>
        public ImmutableHashSet<IMethodSymbol> TaskUnwrap { get; }

        /// <summary>Thread.Sleep(int) and Thread.Sleep(TimeSpan).</summary>
        public ImmutableHashSet<IMethodSymbol> ThreadSleep { get; }

        /// <summary>TaskScheduler.Default, Task.Factory and CancellationToken.None.</summary>
        public IPropertySymbol? TaskSchedulerDefault { get; }
        public IPropertySymbol? TaskFactoryProperty { get; }
        public IPropertySymbol? CancellationTokenNone { get; }

        /// <summary>ValueTask.AsTask and ValueTask&lt;T&gt;.AsTask.</summary>
        public ImmutableHashSet<IMethodSymbol> ValueTaskAsTask { get; }

        /// <summary>
        /// True when the compilation references a UI framework that installs a SynchronizationContext
        /// (WPF, Windows Forms, WinUI, UWP, MAUI, Xamarin.Forms, Avalonia, Unity): there, Task.Run around
        /// the program's own async methods may be meant to leave the UI thread.
        /// </summary>
        public bool HasUiFramework { get; }

        private static readonly string[] UiFrameworkAnchors =
        {
            "System.Windows.Threading.Dispatcher",
            "System.Windows.Forms.Control",
            "Microsoft.UI.Dispatching.DispatcherQueue",
            "Windows.UI.Core.CoreDispatcher",
            "Microsoft.Maui.Dispatching.IDispatcher",
            "Xamarin.Forms.Device",
            "Avalonia.Threading.Dispatcher",
            "UnityEngine.MonoBehaviour",
        };

        // CVP020
        public INamedTypeSymbol? TaskStatus { get; }
        public INamedTypeSymbol? ValueTaskAwaiter { get; }
        public INamedTypeSymbol? ValueTaskAwaiterOfT { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaiter { get; }
        public INamedTypeSymbol? ConfiguredTaskAwaiterOfT { get; }

        /// <summary>Every overload of Task.Wait.</summary>
        public ImmutableHashSet<IMethodSymbol> TaskWait { get; }
        public ImmutableHashSet<IMethodSymbol> TaskWaitAll { get; }
        public ImmutableHashSet<IMethodSymbol> TaskWaitAny { get; }
        public ImmutableHashSet<IMethodSymbol> TaskWhenAny { get; }
        public ImmutableHashSet<IMethodSymbol> TaskFromResult { get; }
        public ImmutableHashSet<IMethodSymbol> TaskContinueWith { get; }

        /// <summary>GetAwaiter of the task types and of their ConfigureAwait awaitables.</summary>
        public ImmutableHashSet<IMethodSymbol> TaskGetAwaiter { get; }

        /// <summary>GetResult of the task awaiters (plain, ValueTask and configured).</summary>
        public ImmutableHashSet<IMethodSymbol> AwaiterGetResult { get; }
        public ImmutableHashSet<IMethodSymbol> SemaphoreSlimWait { get; }
        public IPropertySymbol? TaskResult { get; }
        public IPropertySymbol? ValueTaskResult { get; }
        public IPropertySymbol? TaskCompletedTask { get; }
        public IPropertySymbol? TaskStatusProperty { get; }

        /// <summary>IsCompleted / IsCompletedSuccessfully of Task, ValueTask and ValueTask&lt;T&gt;.</summary>
        public ImmutableHashSet<IPropertySymbol> TaskCompletionProperties { get; }
        public IFieldSymbol? TaskStatusRanToCompletion { get; }

        /// <summary>Task.WaitAsync overloads (.NET 6 and later).</summary>
        public ImmutableHashSet<IMethodSymbol> TaskWaitAsync { get; }
        public ImmutableHashSet<IMethodSymbol> SemaphoreSlimWaitAsync { get; }

        // CVP022: in-memory readers and writers (their "IO" never waits)
        public INamedTypeSymbol? MemoryStream { get; }
        public INamedTypeSymbol? StringReader { get; }
        public INamedTypeSymbol? StringWriter { get; }

        // CVP050
        public INamedTypeSymbol? ThreadStaticAttribute { get; }

        // CVP051
        public INamedTypeSymbol? DictionaryOfTKeyTValue { get; }
        public INamedTypeSymbol? HashSetOfT { get; }
        public INamedTypeSymbol? QueueOfT { get; }
        public INamedTypeSymbol? StackOfT { get; }
        public INamedTypeSymbol? SortedSetOfT { get; }
        public INamedTypeSymbol? SortedDictionaryOfTKeyTValue { get; }
        public INamedTypeSymbol? SortedListOfTKeyTValue { get; }
        public INamedTypeSymbol? LinkedListOfT { get; }
        public INamedTypeSymbol? ConcurrentBagOfT { get; }
        public INamedTypeSymbol? ConcurrentDictionaryOfTKeyTValue { get; }
        public INamedTypeSymbol? ConcurrentQueueOfT { get; }
        public INamedTypeSymbol? ConcurrentStackOfT { get; }

        /// <summary>The members that change a System.Collections.Generic collection (indexer setters aside).</summary>
        public ImmutableHashSet<IMethodSymbol> NonThreadSafeCollectionMutators { get; }

        /// <summary>True for the System.Collections.Generic collections that are not safe for concurrent writes.</summary>
        public bool IsNonThreadSafeCollection(ITypeSymbol? type)
        {
            var definition = type?.OriginalDefinition;
            return definition is not null
                && (Is(definition, ListOfT) || Is(definition, DictionaryOfTKeyTValue) || Is(definition, HashSetOfT)
                    || Is(definition, QueueOfT) || Is(definition, StackOfT) || Is(definition, SortedSetOfT)
                    || Is(definition, SortedDictionaryOfTKeyTValue) || Is(definition, SortedListOfTKeyTValue) || Is(definition, LinkedListOfT));
        }

        /// <summary>The System.Collections.Concurrent counterpart of a collection definition, when there is one.</summary>
        public INamedTypeSymbol? ConcurrentCounterpart(ITypeSymbol? type)
        {
            var definition = type?.OriginalDefinition;
            if (Is(definition, ListOfT))
            {
                return ConcurrentBagOfT;
            }

            if (Is(definition, DictionaryOfTKeyTValue))
            {
                return ConcurrentDictionaryOfTKeyTValue;
            }

            if (Is(definition, QueueOfT))
            {
                return ConcurrentQueueOfT;
            }

            return Is(definition, StackOfT) ? ConcurrentStackOfT : null;
        }

        /// <summary>
        /// True when <paramref name="method"/> is one of CVP020's blocking waits (GetResult, Wait, WaitAll,
        /// WaitAny, SemaphoreSlim.Wait): a single hash lookup that rules most invocations out.
        /// </summary>
        public bool IsBlockingWait(IMethodSymbol method) =>
            blockingWaitNames.Contains(method.Name) && blockingWaits.Contains((method.ReducedFrom ?? method).OriginalDefinition);

        // CVP040
        public ImmutableHashSet<IMethodSymbol> EnumerableMaterializers { get; }

        /// <summary>
        /// The symbols of <paramref name="compilation"/>: resolved by the first rule that asks and shared by all
        /// of them; when every type came from the references, shared as well with later compilations over the
        /// same references whose source declares none of the types that were missing.
        /// </summary>
        public static KnownSymbols Create(Compilation compilation)
        {
            // The common case first, without touching the per-compilation table: the IDE analyzes each document in
            // a compilation of its own that has the same references, syntax trees and options as the one checked for
            // the previous document (the first rule pays this check; the other rules find the same answer).
            var core = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
            var holder = core is null ? null : PerCoreLibrary.GetValue(core, _ => new SharedHolder());
            if (holder?.Shared is { } shared && shared.ServedLast(compilation))
            {
                return shared.Symbols;
            }

            if (PerCompilation.TryGetValue(compilation, out var existing))
            {
                return existing;
            }

            var symbols = holder?.Shared is { } candidate && candidate.CanServe(compilation) ? candidate.Symbols : null;
            if (symbols is null)
            {
                symbols = new KnownSymbols(compilation);
                if (holder is not null && !symbols.foundInSource)
                {
                    var created = new SharedSymbols(compilation, symbols, symbols.missing.ToImmutableArray(), symbols.sources);
                    created.Remember(compilation);
                    holder.Shared = created;
                }

                symbols.compilation = null;
                symbols.compilationAssembly = null;
            }

            return PerCompilation.GetValue(compilation, _ => symbols);
        }

        /// <summary>Looks a type up (see <see cref="TypeLookup.Find"/>), noting what decides whether the result can be shared.</summary>
        private INamedTypeSymbol? Find(string metadataName)
        {
            var type = TypeLookup.Find(compilation!, metadataName);
            if (type is null)
            {
                missing.Add(metadataName);
            }
            else if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilationAssembly))
            {
                foundInSource = true;
            }
            else if (type.ContainingAssembly is { } assembly)
            {
                sources.Add(assembly);
            }

            return type;
        }

        private sealed class SharedHolder
        {
            public volatile SharedSymbols? Shared;
        }

        private sealed class SharedSymbols
        {
            private readonly ImmutableArray<IAssemblySymbol> references;
            private readonly ImmutableArray<string> missing;

            /// <summary>The reference list these symbols were resolved over, and each assembly a found type came from with its reference.</summary>
            private readonly ImmutableArray<MetadataReference> externalReferences;
            private readonly ImmutableArray<(MetadataReference Reference, IAssemblySymbol Assembly)> sources;

            /// <summary>
            /// What the last compilation found servable was made of: its reference list, syntax trees and options.
            /// A compilation with the same three binds its references the same way (the core library, the key of
            /// this instance, is compared as well) and declares none of the missing types.
            /// </summary>
            private volatile Inputs? last;

            public SharedSymbols(Compilation compilation, KnownSymbols symbols, ImmutableArray<string> missing, IEnumerable<IAssemblySymbol> sourceAssemblies)
            {
                references = compilation.SourceModule.ReferencedAssemblySymbols;
                externalReferences = compilation.ExternalReferences;
                Symbols = symbols;
                this.missing = missing;
                var builder = ImmutableArray.CreateBuilder<(MetadataReference, IAssemblySymbol)>();
                foreach (var assembly in sourceAssemblies)
                {
                    if (compilation.GetMetadataReference(assembly) is not { } reference)
                    {
                        builder = null;
                        break;
                    }

                    builder.Add((reference, assembly));
                }

                sources = builder?.ToImmutable() ?? default;
            }

            public KnownSymbols Symbols { get; }

            /// <summary>
            /// The same referenced assembly symbols, and no missing type declared in this source. The IDE asks this
            /// for every document it analyzes (each request has its own compilation), so the common case is answered
            /// without listing the ~160 referenced assemblies: the same list of references as when the symbols were
            /// resolved, each assembly a found type came from still bound to the same symbol, and the same syntax
            /// trees as the last compilation whose declarations were checked.
            /// </summary>
            public bool CanServe(Compilation compilation)
            {
                if (!SameSources(compilation) && !SameReferences(compilation.SourceModule.ReferencedAssemblySymbols))
                {
                    return false;
                }

                if (missing.IsEmpty)
                {
                    Remember(compilation);
                    return true;
                }

                // CSharpCompilation's own list: the one array the per-document compilations share (the base
                // property hands out a new box each time).
                var trees = compilation is CSharpCompilation csharp ? csharp.SyntaxTrees : default;
                if (!trees.IsDefault && last is { } previous && previous.Trees == trees)
                {
                    Remember(compilation);
                    return true;
                }

                // Looked up in the source assembly alone (its namespaces, which the binder builds anyway; the set of
                // every type name declared in source would be merged for this check only).
                foreach (var name in missing)
                {
                    if (compilation.Assembly.GetTypeByMetadataName(name) is not null)
                    {
                        return false;
                    }
                }

                Remember(compilation);
                return true;
            }

            /// <summary>True when <paramref name="compilation"/> has the very references, syntax trees and options of the last compilation served.</summary>
            public bool ServedLast(Compilation compilation) =>
                last is { } previous
                && compilation is CSharpCompilation csharp
                && previous.Trees == csharp.SyntaxTrees
                && previous.References == compilation.ExternalReferences
                && ReferenceEquals(previous.Options, compilation.Options);

            /// <summary>Notes <paramref name="compilation"/>'s inputs as servable (only C# compilations, whose list of trees is kept).</summary>
            public void Remember(Compilation compilation)
            {
                if (compilation is CSharpCompilation csharp)
                {
                    last = new Inputs(compilation.ExternalReferences, csharp.SyntaxTrees, compilation.Options);
                }
            }

            private bool SameSources(Compilation compilation)
            {
                if (sources.IsDefault || compilation.ExternalReferences != externalReferences)
                {
                    return false;
                }

                foreach (var (reference, assembly) in sources)
                {
                    if (!SymbolEqualityComparer.Default.Equals(compilation.GetAssemblyOrModuleSymbol(reference), assembly))
                    {
                        return false;
                    }
                }

                return true;
            }

            private sealed class Inputs
            {
                public Inputs(ImmutableArray<MetadataReference> references, ImmutableArray<SyntaxTree> trees, CompilationOptions options)
                {
                    References = references;
                    Trees = trees;
                    Options = options;
                }

                public ImmutableArray<MetadataReference> References { get; }

                public ImmutableArray<SyntaxTree> Trees { get; }

                public CompilationOptions Options { get; }
            }

            private bool SameReferences(ImmutableArray<IAssemblySymbol> candidate)
            {
                if (candidate.Length != references.Length)
                {
                    return false;
                }

                for (var i = 0; i < references.Length; i++)
                {
                    if (!ReferenceEquals(candidate[i], references[i]))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>True for Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt; (and types derived from Task).</summary>
        public bool IsTaskLike(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            var definition = named.OriginalDefinition;
            if (Is(definition, ValueTask) || Is(definition, ValueTaskOfT))
            {
                return true;
            }

            for (var t = named; t is not null; t = t.BaseType)
            {
                if (Is(t.OriginalDefinition, Task) || Is(t.OriginalDefinition, TaskOfT))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="method"/> (or, for a reduced extension method, its definition) is in <paramref name="set"/>.</summary>
        public static bool IsOneOf(IMethodSymbol method, ImmutableHashSet<IMethodSymbol> set)
        {
            if (set.IsEmpty)
            {
                return false;
            }

            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return set.Contains(definition);
        }

        public static bool Is(ISymbol? symbol, ISymbol? known) =>
            known is not null && symbol is not null && SymbolEqualityComparer.Default.Equals(symbol, known);

        /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
        public static bool InheritsFromOrEquals(ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var t = type; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        private static ImmutableHashSet<IMethodSymbol> Members(INamedTypeSymbol? type, params string[] names)
        {
            if (type is null)
            {
                return ImmutableHashSet<IMethodSymbol>.Empty.WithComparer(SymbolEqualityComparer.Default);
            }

            var builder = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var name in names)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol method)
                    {
                        builder.Add(method.OriginalDefinition);
                    }
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>The static methods of <paramref name="type"/> whose first parameter's type is <paramref name="receiver"/> or derives from it.</summary>
        private static ImmutableHashSet<IMethodSymbol> OperatorsOn(INamedTypeSymbol? type, INamedTypeSymbol? receiver)
        {
            var builder = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
            if (type is not null && receiver is not null)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol { IsStatic: true, Parameters: { Length: > 0 } parameters } method
                        && InheritsFromOrEquals(parameters[0].Type, receiver))
                    {
                        builder.Add(method.OriginalDefinition);
                    }
                }
            }

            return builder.ToImmutable();
        }

        internal static IEnumerable<IMethodSymbol> MethodsNamed(INamedTypeSymbol? type, string name)
        {
            if (type is null)
            {
                yield break;
            }

            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol method)
                {
                    yield return method;
                }
            }
        }
    }
}
