using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConcurrencyAnalyzers.Infrastructure
{
    /// <summary>What a blocking call waits on.</summary>
    internal enum BlockingKind
    {
        /// <summary>IO outside the CPU: files, streams, network, databases.</summary>
        Io,

        /// <summary>Thread.Sleep: waiting on the clock.</summary>
        Sleep,

        /// <summary>A blocking wait on a task or a semaphore.</summary>
        TaskWait,
    }

    /// <summary>One blocking API and its asynchronous counterpart in this compilation.</summary>
    internal sealed class BlockingCall
    {
        public BlockingCall(ISymbol blocking, BlockingKind kind, IMethodSymbol? counterpart, IMethodSymbol? counterpartWithToken, bool awaitInstead)
        {
            Blocking = blocking;
            Kind = kind;
            Counterpart = counterpart;
            CounterpartWithToken = counterpartWithToken;
            AwaitInstead = awaitInstead;
        }

        /// <summary>The synchronous method or property (original definition), e.g. File.ReadAllText(string), Task&lt;T&gt;.Result.</summary>
        public ISymbol Blocking { get; }

        public BlockingKind Kind { get; }

        /// <summary>
        /// The async counterpart that accepts the blocking call's arguments as they are (a trailing
        /// CancellationToken, if any, is optional); or, when there is none such, the one that takes
        /// the arguments plus a required CancellationToken. Null when this compilation has none
        /// (File.ReadAllTextAsync on .NET Framework, say) or when <see cref="AwaitInstead"/>.
        /// </summary>
        public IMethodSymbol? Counterpart { get; }

        /// <summary>The overload of the counterpart that takes the arguments plus a trailing CancellationToken, when it exists.</summary>
        public IMethodSymbol? CounterpartWithToken { get; }

        /// <summary>True for Task.Wait(), Task&lt;T&gt;.Result and awaiter GetResult(): the counterpart is <c>await</c> itself.</summary>
        public bool AwaitInstead { get; }

        /// <summary>True when the blocking call can be replaced by an asynchronous one in this compilation.</summary>
        public bool HasCounterpart => AwaitInstead || Counterpart is not null;
    }

    /// <summary>
    /// The blocking APIs that have asynchronous counterparts. The built-in list is data: pairs of a
    /// documentation-comment ID of the blocking member and the counterpart's <c>M:Type.Name</c> (or a full
    /// documentation-comment ID). It is resolved once per compilation; the counterpart overload is chosen by
    /// the strict rule: it accepts the blocking call's parameters (plus an optional trailing
    /// CancellationToken), returns an awaitable and is not obsolete. Users add and exclude entries in
    /// .editorconfig with the same format and the same parser (<see cref="Options.BlockingApis"/>,
    /// <see cref="Options.ExcludedBlockingApis"/>).
    /// </summary>
    internal sealed class BlockingCallTable
    {
        /// <summary>Blocking member → counterpart, built in. "await" means: await the task itself.</summary>
        private static readonly ImmutableArray<(string Blocking, string Counterpart, BlockingKind Kind)> BuiltIn = ImmutableArray.Create(
            // System.IO.File
            ("M:System.IO.File.ReadAllText(System.String)", "M:System.IO.File.ReadAllTextAsync", BlockingKind.Io),
            ("M:System.IO.File.ReadAllText(System.String,System.Text.Encoding)", "M:System.IO.File.ReadAllTextAsync", BlockingKind.Io),
            ("M:System.IO.File.ReadAllBytes(System.String)", "M:System.IO.File.ReadAllBytesAsync", BlockingKind.Io),
            ("M:System.IO.File.ReadAllLines(System.String)", "M:System.IO.File.ReadAllLinesAsync", BlockingKind.Io),
            ("M:System.IO.File.ReadAllLines(System.String,System.Text.Encoding)", "M:System.IO.File.ReadAllLinesAsync", BlockingKind.Io),
            ("M:System.IO.File.WriteAllText(System.String,System.String)", "M:System.IO.File.WriteAllTextAsync", BlockingKind.Io),
            ("M:System.IO.File.WriteAllText(System.String,System.String,System.Text.Encoding)", "M:System.IO.File.WriteAllTextAsync", BlockingKind.Io),
            ("M:System.IO.File.WriteAllBytes(System.String,System.Byte[])", "M:System.IO.File.WriteAllBytesAsync", BlockingKind.Io),
            ("M:System.IO.File.WriteAllLines(System.String,System.Collections.Generic.IEnumerable{System.String})", "M:System.IO.File.WriteAllLinesAsync", BlockingKind.Io),
            ("M:System.IO.File.WriteAllLines(System.String,System.String[])", "M:System.IO.File.WriteAllLinesAsync", BlockingKind.Io),
            ("M:System.IO.File.AppendAllText(System.String,System.String)", "M:System.IO.File.AppendAllTextAsync", BlockingKind.Io),
            ("M:System.IO.File.AppendAllLines(System.String,System.Collections.Generic.IEnumerable{System.String})", "M:System.IO.File.AppendAllLinesAsync", BlockingKind.Io),
            ("M:System.IO.File.WriteAllLines(System.String,System.Collections.Generic.IEnumerable{System.String},System.Text.Encoding)", "M:System.IO.File.WriteAllLinesAsync", BlockingKind.Io),
            ("M:System.IO.File.WriteAllLines(System.String,System.String[],System.Text.Encoding)", "M:System.IO.File.WriteAllLinesAsync", BlockingKind.Io),
            ("M:System.IO.File.AppendAllText(System.String,System.String,System.Text.Encoding)", "M:System.IO.File.AppendAllTextAsync", BlockingKind.Io),
            ("M:System.IO.File.AppendAllLines(System.String,System.Collections.Generic.IEnumerable{System.String},System.Text.Encoding)", "M:System.IO.File.AppendAllLinesAsync", BlockingKind.Io),

            // System.IO.Stream, TextReader, TextWriter (overrides in FileStream, StreamReader, ... map here)
            ("M:System.IO.Stream.Read(System.Byte[],System.Int32,System.Int32)", "M:System.IO.Stream.ReadAsync", BlockingKind.Io),
            ("M:System.IO.Stream.Write(System.Byte[],System.Int32,System.Int32)", "M:System.IO.Stream.WriteAsync", BlockingKind.Io),
            ("M:System.IO.Stream.Flush", "M:System.IO.Stream.FlushAsync", BlockingKind.Io),
            ("M:System.IO.Stream.CopyTo(System.IO.Stream)", "M:System.IO.Stream.CopyToAsync", BlockingKind.Io),
            ("M:System.IO.Stream.CopyTo(System.IO.Stream,System.Int32)", "M:System.IO.Stream.CopyToAsync", BlockingKind.Io),
            ("M:System.IO.TextReader.Read(System.Char[],System.Int32,System.Int32)", "M:System.IO.TextReader.ReadAsync", BlockingKind.Io),
            ("M:System.IO.TextReader.ReadBlock(System.Char[],System.Int32,System.Int32)", "M:System.IO.TextReader.ReadBlockAsync", BlockingKind.Io),
            ("M:System.IO.TextReader.ReadToEnd", "M:System.IO.TextReader.ReadToEndAsync", BlockingKind.Io),
            ("M:System.IO.TextReader.ReadLine", "M:System.IO.TextReader.ReadLineAsync", BlockingKind.Io),
            ("M:System.IO.TextWriter.Write(System.String)", "M:System.IO.TextWriter.WriteAsync", BlockingKind.Io),
            ("M:System.IO.TextWriter.WriteLine(System.String)", "M:System.IO.TextWriter.WriteLineAsync", BlockingKind.Io),
            ("M:System.IO.TextWriter.WriteLine", "M:System.IO.TextWriter.WriteLineAsync", BlockingKind.Io),
            ("M:System.IO.TextWriter.Write(System.Char)", "M:System.IO.TextWriter.WriteAsync", BlockingKind.Io),
            ("M:System.IO.TextWriter.WriteLine(System.Char)", "M:System.IO.TextWriter.WriteLineAsync", BlockingKind.Io),
            ("M:System.IO.TextWriter.Flush", "M:System.IO.TextWriter.FlushAsync", BlockingKind.Io),

            // Network
            ("M:System.Net.Http.HttpClient.Send(System.Net.Http.HttpRequestMessage)", "M:System.Net.Http.HttpClient.SendAsync", BlockingKind.Io),
            ("M:System.Net.Http.HttpClient.Send(System.Net.Http.HttpRequestMessage,System.Threading.CancellationToken)", "M:System.Net.Http.HttpClient.SendAsync", BlockingKind.Io),
            ("M:System.Net.Http.HttpClient.Send(System.Net.Http.HttpRequestMessage,System.Net.Http.HttpCompletionOption)", "M:System.Net.Http.HttpClient.SendAsync", BlockingKind.Io),
            ("M:System.Net.Http.HttpClient.Send(System.Net.Http.HttpRequestMessage,System.Net.Http.HttpCompletionOption,System.Threading.CancellationToken)", "M:System.Net.Http.HttpClient.SendAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.DownloadString(System.String)", "M:System.Net.WebClient.DownloadStringTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.DownloadData(System.String)", "M:System.Net.WebClient.DownloadDataTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.DownloadFile(System.String,System.String)", "M:System.Net.WebClient.DownloadFileTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.UploadString(System.String,System.String)", "M:System.Net.WebClient.UploadStringTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.UploadData(System.String,System.Byte[])", "M:System.Net.WebClient.UploadDataTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.UploadFile(System.String,System.String)", "M:System.Net.WebClient.UploadFileTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.DownloadString(System.Uri)", "M:System.Net.WebClient.DownloadStringTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.DownloadData(System.Uri)", "M:System.Net.WebClient.DownloadDataTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.DownloadFile(System.Uri,System.String)", "M:System.Net.WebClient.DownloadFileTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.UploadString(System.Uri,System.String)", "M:System.Net.WebClient.UploadStringTaskAsync", BlockingKind.Io),
            ("M:System.Net.WebClient.UploadData(System.Uri,System.Byte[])", "M:System.Net.WebClient.UploadDataTaskAsync", BlockingKind.Io),
            ("M:System.Net.Sockets.Socket.Connect(System.Net.EndPoint)", "M:System.Net.Sockets.Socket.ConnectAsync", BlockingKind.Io),
            ("M:System.Net.Sockets.Socket.Connect(System.Net.IPAddress,System.Int32)", "M:System.Net.Sockets.Socket.ConnectAsync", BlockingKind.Io),
            ("M:System.Net.Sockets.Socket.Connect(System.String,System.Int32)", "M:System.Net.Sockets.Socket.ConnectAsync", BlockingKind.Io),
            ("M:System.Net.Sockets.Socket.Accept", "M:System.Net.Sockets.Socket.AcceptAsync", BlockingKind.Io),
            ("M:System.Net.Sockets.TcpClient.Connect(System.String,System.Int32)", "M:System.Net.Sockets.TcpClient.ConnectAsync", BlockingKind.Io),
            ("M:System.Net.Sockets.TcpClient.Connect(System.Net.IPAddress,System.Int32)", "M:System.Net.Sockets.TcpClient.ConnectAsync", BlockingKind.Io),
            ("M:System.Net.Sockets.TcpClient.Connect(System.Net.IPEndPoint)", "M:System.Net.Sockets.TcpClient.ConnectAsync", BlockingKind.Io),
            ("M:System.Net.Sockets.TcpListener.AcceptTcpClient", "M:System.Net.Sockets.TcpListener.AcceptTcpClientAsync", BlockingKind.Io),
            ("M:System.Net.Sockets.TcpListener.AcceptSocket", "M:System.Net.Sockets.TcpListener.AcceptSocketAsync", BlockingKind.Io),

            // System.Data.Common
            ("M:System.Data.Common.DbCommand.ExecuteNonQuery", "M:System.Data.Common.DbCommand.ExecuteNonQueryAsync", BlockingKind.Io),
            ("M:System.Data.Common.DbCommand.ExecuteScalar", "M:System.Data.Common.DbCommand.ExecuteScalarAsync", BlockingKind.Io),
            ("M:System.Data.Common.DbCommand.ExecuteReader", "M:System.Data.Common.DbCommand.ExecuteReaderAsync", BlockingKind.Io),
            ("M:System.Data.Common.DbCommand.ExecuteReader(System.Data.CommandBehavior)", "M:System.Data.Common.DbCommand.ExecuteReaderAsync", BlockingKind.Io),
            ("M:System.Data.Common.DbConnection.Open", "M:System.Data.Common.DbConnection.OpenAsync", BlockingKind.Io),
            ("M:System.Data.Common.DbDataReader.Read", "M:System.Data.Common.DbDataReader.ReadAsync", BlockingKind.Io),
            ("M:System.Data.Common.DbDataReader.NextResult", "M:System.Data.Common.DbDataReader.NextResultAsync", BlockingKind.Io),

            // Sleeping
            ("M:System.Threading.Thread.Sleep(System.Int32)", "M:System.Threading.Tasks.Task.Delay", BlockingKind.Sleep),
            ("M:System.Threading.Thread.Sleep(System.TimeSpan)", "M:System.Threading.Tasks.Task.Delay", BlockingKind.Sleep),

            // Blocking waits on tasks
            // (Task.Wait(int)/Wait(TimeSpan) are left out on purpose: they return false on timeout, while
            // WaitAsync(TimeSpan) throws; no counterpart keeps that behaviour.)
            ("M:System.Threading.Tasks.Task.Wait", "await", BlockingKind.TaskWait),
            ("M:System.Threading.Tasks.Task.Wait(System.Threading.CancellationToken)", "M:System.Threading.Tasks.Task.WaitAsync", BlockingKind.TaskWait),
            ("P:System.Threading.Tasks.Task`1.Result", "await", BlockingKind.TaskWait),
            ("M:System.Runtime.CompilerServices.TaskAwaiter.GetResult", "await", BlockingKind.TaskWait),
            ("M:System.Runtime.CompilerServices.TaskAwaiter`1.GetResult", "await", BlockingKind.TaskWait),
            ("M:System.Runtime.CompilerServices.ConfiguredTaskAwaitable.ConfiguredTaskAwaiter.GetResult", "await", BlockingKind.TaskWait),
            ("M:System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1.ConfiguredTaskAwaiter.GetResult", "await", BlockingKind.TaskWait),
            ("M:System.Runtime.CompilerServices.ValueTaskAwaiter`1.GetResult", "await", BlockingKind.TaskWait),
            ("M:System.Runtime.CompilerServices.ValueTaskAwaiter.GetResult", "await", BlockingKind.TaskWait),
            ("M:System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1.ConfiguredValueTaskAwaiter.GetResult", "await", BlockingKind.TaskWait),
            ("M:System.Threading.Tasks.Task.WaitAll(System.Threading.Tasks.Task[])", "M:System.Threading.Tasks.Task.WhenAll", BlockingKind.TaskWait),
            ("M:System.Threading.Tasks.Task.WaitAny(System.Threading.Tasks.Task[])", "M:System.Threading.Tasks.Task.WhenAny", BlockingKind.TaskWait),
            ("M:System.Threading.SemaphoreSlim.Wait", "M:System.Threading.SemaphoreSlim.WaitAsync", BlockingKind.TaskWait),
            ("M:System.Threading.SemaphoreSlim.Wait(System.Int32)", "M:System.Threading.SemaphoreSlim.WaitAsync", BlockingKind.TaskWait),
            ("M:System.Threading.SemaphoreSlim.Wait(System.TimeSpan)", "M:System.Threading.SemaphoreSlim.WaitAsync", BlockingKind.TaskWait),
            ("M:System.Threading.SemaphoreSlim.Wait(System.Threading.CancellationToken)", "M:System.Threading.SemaphoreSlim.WaitAsync", BlockingKind.TaskWait),
            ("M:System.Threading.SemaphoreSlim.Wait(System.Int32,System.Threading.CancellationToken)", "M:System.Threading.SemaphoreSlim.WaitAsync", BlockingKind.TaskWait),
            ("M:System.Threading.SemaphoreSlim.Wait(System.TimeSpan,System.Threading.CancellationToken)", "M:System.Threading.SemaphoreSlim.WaitAsync", BlockingKind.TaskWait));

        private const string AwaitItself = "await";

        /// <summary>
        /// The built-in entries, resolved once per <see cref="KnownSymbols"/> instance: that is once per
        /// compilation, or once for all compilations sharing the same references when their symbols are shared
        /// (the entries hold only symbols from references, never source look-alikes).
        /// </summary>
        private static readonly ConditionalWeakTable<KnownSymbols, EntrySet> BuiltInPerSymbols = new ConditionalWeakTable<KnownSymbols, EntrySet>();

        private readonly Compilation compilation;
        private readonly KnownSymbols known;
        private readonly EntrySet set;

        /// <summary>Tables with the user's additions and exclusions, per distinct option values (made on first need).</summary>
        private ConcurrentDictionary<(string Added, string Excluded), BlockingCallTable>? perOptions;

        /// <summary>
        /// The option values each rule reads from a file's options object (usually one object for many files, and
        /// the same object for every compilation of a project snapshot: the IDE makes one per document analyzed),
        /// so the .editorconfig keys are read once per options object and rule, not once per invocation or document.
        /// </summary>
        private static readonly ConditionalWeakTable<AnalyzerConfigOptions, ConcurrentDictionary<string, (string Added, string Excluded)>> OptionValues =
            new ConditionalWeakTable<AnalyzerConfigOptions, ConcurrentDictionary<string, (string Added, string Excluded)>>();

        private BlockingCallTable(Compilation compilation, KnownSymbols known, EntrySet set)
        {
            this.compilation = compilation;
            this.known = known;
            this.set = set;
        }

        /// <summary>The entries that resolved in this compilation.</summary>
        public IEnumerable<BlockingCall> Entries => set.All(compilation, known).Values;

        /// <summary>The built-in list as written, for tests that check every ID resolves.</summary>
        internal static ImmutableArray<(string Blocking, string Counterpart, BlockingKind Kind)> BuiltInEntries => BuiltIn;

        /// <summary>The built-in table for this compilation: the entries are resolved on first use and shared (see <see cref="BuiltInPerSymbols"/>).</summary>
        public static BlockingCallTable Create(Compilation compilation, KnownSymbols known)
        {
            // A small object per rule and compilation (the IDE makes a compilation per document analyzed, and a
            // table keyed by compilation cost more than the object); what is worth sharing, the resolved entries,
            // is kept per KnownSymbols instance.
            if (!BuiltInPerSymbols.TryGetValue(known, out var builtIn))
            {
                var made = EntrySet.Lazy(BuiltIn);
                builtIn = BuiltInPerSymbols.GetValue(known, _ => made);
            }

            return new BlockingCallTable(compilation, known, builtIn);
        }

        /// <summary>
        /// The table for one syntax tree, with the user's additions and exclusions from .editorconfig
        /// applied (per-rule keys win when <paramref name="ruleId"/> is given). Cached per options object
        /// and rule, and per distinct option values.
        /// </summary>
        public BlockingCallTable ForTree(AnalyzerOptions options, SyntaxTree tree, string? ruleId = null)
        {
            var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            if (!OptionValues.TryGetValue(config, out var byRule))
            {
                byRule = OptionValues.GetValue(config, _ => new ConcurrentDictionary<string, (string, string)>(StringComparer.Ordinal));
            }

            var key = ruleId ?? string.Empty;
            if (!byRule.TryGetValue(key, out var values))
            {
                values = byRule.GetOrAdd(key, (Options.Get(config, Options.BlockingApis, ruleId) ?? string.Empty, Options.Get(config, Options.ExcludedBlockingApis, ruleId) ?? string.Empty));
            }

            if (values.Added.Length == 0 && values.Excluded.Length == 0)
            {
                return this;
            }

            var tables = System.Threading.LazyInitializer.EnsureInitialized(ref perOptions, () => new ConcurrentDictionary<(string Added, string Excluded), BlockingCallTable>())!;
            return tables.GetOrAdd(values, v => WithUserEntries(v.Added, v.Excluded));
        }

        /// <summary>
        /// One rule's view of the table (<see cref="ForTree"/> with that rule's keys), remembering the last
        /// tree asked about: the driver hands over a body's operations one after another, so nearly every call
        /// is answered by one reference comparison.
        /// </summary>
        public RuleView ForRule(string ruleId) => new RuleView(this, ruleId);

        /// <summary>See <see cref="ForRule"/>.</summary>
        internal sealed class RuleView
        {
            private readonly BlockingCallTable table;
            private readonly string ruleId;
            private volatile LastTree? last;

            public RuleView(BlockingCallTable table, string ruleId)
            {
                this.table = table;
                this.ruleId = ruleId;
            }

            public BlockingCallTable ForTree(AnalyzerOptions options, SyntaxTree tree)
            {
                var remembered = last;
                if (remembered is not null && ReferenceEquals(remembered.Tree, tree) && ReferenceEquals(remembered.Options, options))
                {
                    return remembered.Table;
                }

                var result = table.ForTree(options, tree, ruleId);
                last = new LastTree(tree, options, result);
                return result;
            }

            private sealed class LastTree
            {
                public LastTree(SyntaxTree tree, AnalyzerOptions options, BlockingCallTable table)
                {
                    Tree = tree;
                    Options = options;
                    Table = table;
                }

                public SyntaxTree Tree { get; }

                public AnalyzerOptions Options { get; }

                public BlockingCallTable Table { get; }
            }
        }

        /// <summary>
        /// When <paramref name="member"/> (a called method or an accessed property) is a blocking API of the
        /// table: directly, as a constructed generic, as a reduced extension method, or as an override of one.
        /// </summary>
        public bool TryGet(ISymbol member, out BlockingCall call)
        {
            if (!set.MayHaveEntry(member.Name))
            {
                // The cheap answer for almost every call: no entry has this name (and an override, or the reduced
                // form of an extension method, keeps its name).
                call = null!;
                return false;
            }

            ISymbol? current = member is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : member;

            for (var depth = 0; current is not null && depth < 16; depth++)
            {
                if (set.TryGet(current, compilation, known, out call!))
                {
                    return true;
                }

                current = current switch
                {
                    IMethodSymbol method => method.OverriddenMethod,
                    IPropertySymbol property => property.OverriddenProperty,
                    _ => null,
                };
            }

            call = null!;
            return false;
        }

        /// <summary>
        /// Parses a list of entries in the .editorconfig format: <c>M:Sync(params)=&gt;M:Type.AsyncName</c>
        /// separated by white space or <c>|</c> (with <paramref name="withCounterpart"/> false: just
        /// <c>M:Sync(params)</c>). Not <c>;</c> or <c>#</c>: in an .editorconfig value those start a comment,
        /// so the configuration parser never hands over what follows them. Documentation-comment IDs
        /// contain no white space, and spaces around <c>=&gt;</c> are allowed. Malformed entries are skipped.
        /// </summary>
        internal static IEnumerable<(string Blocking, string Counterpart)> Parse(string text, bool withCounterpart)
        {
            var normalized = System.Text.RegularExpressions.Regex.Replace(text, @"\s*=>\s*", "=>");
            foreach (var raw in normalized.Split(new[] { ' ', '\t', '\r', '\n', '|' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var entry = raw.Trim();
                if (entry.Length == 0)
                {
                    continue;
                }

                if (!withCounterpart)
                {
                    yield return (entry, string.Empty);
                    continue;
                }

                var arrow = entry.IndexOf("=>", StringComparison.Ordinal);
                if (arrow <= 0 || arrow + 2 >= entry.Length)
                {
                    continue;
                }

                yield return (entry.Substring(0, arrow).Trim(), entry.Substring(arrow + 2).Trim());
            }
        }

        private BlockingCallTable WithUserEntries(string added, string excluded)
        {
            var builder = set.All(compilation, known).ToBuilder();
            foreach (var (blocking, counterpart) in Parse(added, withCounterpart: true))
            {
                Add(builder, compilation, known, blocking, counterpart, BlockingKind.Io, referencesOnly: false);
            }

            foreach (var (blocking, _) in Parse(excluded, withCounterpart: false))
            {
                foreach (var symbol in DocumentationCommentId.GetSymbolsForDeclarationId(blocking, compilation))
                {
                    builder.Remove(symbol.OriginalDefinition);
                }
            }

            return new BlockingCallTable(compilation, known, EntrySet.Eager(builder.ToImmutable()));
        }

        /// <summary>
        /// Adds the members named by <paramref name="blockingId"/> with their counterparts. With
        /// <paramref name="referencesOnly"/> (the built-in list, which names platform APIs), members and
        /// counterparts declared in the compilation's own source are skipped: the entries then depend only on
        /// the references and can be shared by every compilation over them.
        /// </summary>
        private static void Add(ImmutableDictionary<ISymbol, BlockingCall>.Builder builder, Compilation compilation, KnownSymbols known, string blockingId, string counterpartId, BlockingKind kind, bool referencesOnly)
        {
            foreach (var symbol in DocumentationCommentId.GetSymbolsForDeclarationId(blockingId, compilation))
            {
                if (symbol is not (IMethodSymbol or IPropertySymbol)
                    || (referencesOnly && SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly)))
                {
                    continue;
                }

                var blocking = symbol.OriginalDefinition;
                if (counterpartId == AwaitItself)
                {
                    builder[blocking] = new BlockingCall(blocking, kind, counterpart: null, counterpartWithToken: null, awaitInstead: true);
                    continue;
                }

                var (plain, withToken) = blocking is IMethodSymbol method
                    ? FindCounterparts(method, counterpartId, compilation, known, referencesOnly)
                    : (null, null);
                builder[blocking] = new BlockingCall(blocking, kind, plain ?? withToken, withToken, awaitInstead: false);
            }
        }

        /// <summary>
        /// Among the candidates named by <paramref name="counterpartId"/> (<c>M:Type.Name</c>, or a full
        /// documentation-comment ID), the overload that accepts the blocking method's parameters, and the one
        /// that accepts them plus a trailing CancellationToken.
        /// </summary>
        private static (IMethodSymbol? Plain, IMethodSymbol? WithToken) FindCounterparts(IMethodSymbol blocking, string counterpartId, Compilation compilation, KnownSymbols known, bool referencesOnly)
        {
            IMethodSymbol? plain = null;
            IMethodSymbol? withToken = null;
            foreach (var candidate in Candidates(counterpartId, compilation))
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, blocking)
                    || (referencesOnly && SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
                    || !known.IsTaskLike(candidate.ReturnType)
                    || IsObsolete(candidate, known)
                    || candidate.IsStatic != blocking.IsStatic
                    || candidate.DeclaredAccessibility != Accessibility.Public
                    || candidate.Parameters.Length < blocking.Parameters.Length)
                {
                    continue;
                }

                var accepts = true;
                for (var i = 0; i < blocking.Parameters.Length && accepts; i++)
                {
                    var from = blocking.Parameters[i];
                    var to = candidate.Parameters[i];
                    accepts = from.RefKind == to.RefKind && compilation.ClassifyCommonConversion(from.Type, to.Type) is { IsImplicit: true } conversion
                        && (conversion.IsIdentity || conversion.IsReference);
                }

                if (!accepts)
                {
                    continue;
                }

                var extra = candidate.Parameters.Length - blocking.Parameters.Length;
                if (extra == 0)
                {
                    plain ??= candidate;
                }
                else if (extra == 1 && KnownSymbols.Is(candidate.Parameters[candidate.Parameters.Length - 1].Type, known.CancellationToken))
                {
                    withToken ??= candidate;
                    if (candidate.Parameters[candidate.Parameters.Length - 1].IsOptional)
                    {
                        plain ??= candidate;
                    }
                }
            }

            return (plain, withToken);
        }

        private static IEnumerable<IMethodSymbol> Candidates(string counterpartId, Compilation compilation)
        {
            if (counterpartId.IndexOf('(') >= 0)
            {
                foreach (var symbol in DocumentationCommentId.GetSymbolsForDeclarationId(counterpartId, compilation))
                {
                    if (symbol is IMethodSymbol method)
                    {
                        yield return method;
                    }
                }

                yield break;
            }

            // M:Namespace.Type.Name → the type's members of that name
            var name = counterpartId.StartsWith("M:", StringComparison.Ordinal) ? counterpartId.Substring(2) : counterpartId;
            var dot = name.LastIndexOf('.');
            if (dot <= 0)
            {
                yield break;
            }

            var type = TypeLookup.Find(compilation, name.Substring(0, dot));
            foreach (var method in KnownSymbols.MethodsNamed(type, name.Substring(dot + 1)))
            {
                yield return method;
            }
        }

        private static bool IsObsolete(ISymbol symbol, KnownSymbols known)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (KnownSymbols.Is(attribute.AttributeClass, known.ObsoleteAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The entries, indexed for the lookup every invocation pays: a set of member names rules almost every
        /// call out; the entries of a declaring type are resolved the first time one of its members with such a
        /// name is asked about (the built-in list names about a hundred members of twenty types, and most
        /// programs call few of them), then kept.
        /// </summary>
        private sealed class EntrySet
        {
            /// <summary>Built-in list rows by the documentation-comment ID of their declaring type (lazy sets only).</summary>
            private readonly Dictionary<string, List<(string Blocking, string Counterpart, BlockingKind Kind)>> rowsByType;

            /// <summary>Resolved entries by declaring type (reference types only for lazy sets; an empty table for types with none).</summary>
            private readonly ConcurrentDictionary<ISymbol, Dictionary<ISymbol, BlockingCall>> byType =
                new ConcurrentDictionary<ISymbol, Dictionary<ISymbol, BlockingCall>>(SymbolEqualityComparer.Default);

            /// <summary>The last type found in <see cref="byType"/> with no entries (a stale value only costs a look-up).</summary>
            private INamedTypeSymbol? lastWithout;

            private readonly bool lazy;
            private ImmutableDictionary<ISymbol, BlockingCall>? all;

            private EntrySet(NameSet names, Dictionary<string, List<(string, string, BlockingKind)>> rowsByType, bool lazy)
            {
                this.names = names;
                this.rowsByType = rowsByType;
                this.lazy = lazy;
            }

            /// <summary>The name of every member with an entry.</summary>
            private readonly NameSet names;

            /// <summary>True when a member named <paramref name="name"/> may have an entry (false: it has none).</summary>
            public bool MayHaveEntry(string name) => names.Contains(name);

            /// <summary>A set over the built-in rows, resolving nothing until asked.</summary>
            public static EntrySet Lazy(ImmutableArray<(string Blocking, string Counterpart, BlockingKind Kind)> rows)
            {
                var names = new NameSet();
                var rowsByType = new Dictionary<string, List<(string, string, BlockingKind)>>(StringComparer.Ordinal);
                foreach (var row in rows)
                {
                    var (typeId, memberName) = SplitMemberId(row.Blocking);
                    names.Add(memberName);
                    if (!rowsByType.TryGetValue(typeId, out var list))
                    {
                        rowsByType[typeId] = list = new List<(string, string, BlockingKind)>();
                    }

                    list.Add(row);
                }

                return new EntrySet(names, rowsByType, lazy: true);
            }

            /// <summary>A set over entries already resolved (the built-in ones with the user's additions and exclusions).</summary>
            public static EntrySet Eager(ImmutableDictionary<ISymbol, BlockingCall> entries)
            {
                var set = new EntrySet(new NameSet(), new Dictionary<string, List<(string, string, BlockingKind)>>(StringComparer.Ordinal), lazy: false);
                foreach (var pair in entries)
                {
                    set.names.Add(pair.Key.Name);
                    if (pair.Key.ContainingType is { } type)
                    {
                        set.byType.GetOrAdd(type.OriginalDefinition, _ => new Dictionary<ISymbol, BlockingCall>(SymbolEqualityComparer.Default))[pair.Key] = pair.Value;
                    }
                }

                set.all = entries;
                return set;
            }

            /// <summary>The entry for exactly <paramref name="member"/> (its original definition), resolving its type's rows on first use.</summary>
            public bool TryGet(ISymbol member, Compilation compilation, KnownSymbols known, out BlockingCall call)
            {
                call = null!;
                return member.ContainingType is { } type
                    && EntriesOf(type.OriginalDefinition, compilation, known) is { } entries
                    && entries.TryGetValue(member.OriginalDefinition, out call!);
            }

            /// <summary>Every entry (resolving all rows): for the user's additions and for tests.</summary>
            public ImmutableDictionary<ISymbol, BlockingCall> All(Compilation compilation, KnownSymbols known)
            {
                if (all is { } done)
                {
                    return done;
                }

                var builder = ImmutableDictionary.CreateBuilder<ISymbol, BlockingCall>(SymbolEqualityComparer.Default);
                foreach (var rows in rowsByType.Values)
                {
                    foreach (var (blocking, counterpart, kind) in rows)
                    {
                        Add(builder, compilation, known, blocking, counterpart, kind, referencesOnly: true);
                    }
                }

                return all = builder.ToImmutable();
            }

            private Dictionary<ISymbol, BlockingCall>? EntriesOf(INamedTypeSymbol type, Compilation compilation, KnownSymbols known)
            {
                // The type asked about last that has no entries, by reference: Console.WriteLine has a name of the
                // table (TextWriter.WriteLine) and is common, and a look-up by symbol reads cold memory for nothing.
                if (ReferenceEquals(type, lastWithout))
                {
                    return null;
                }

                if (byType.TryGetValue(type, out var entries))
                {
                    if (entries.Count == 0)
                    {
                        lastWithout = type;
                    }

                    return entries;
                }

                // Built-in rows name platform types only: a type declared in source has none (and is not kept,
                // so a set shared by later compilations holds no symbol of this one). Its locations tell it apart
                // without allocating (its syntax references are made anew on every read).
                if (!lazy || IsDeclaredInSource(type))
                {
                    return null;
                }

                var resolved = new Dictionary<ISymbol, BlockingCall>(SymbolEqualityComparer.Default);
                if (rowsByType.TryGetValue(DocumentationCommentId.CreateDeclarationId(type), out var rows))
                {
                    var builder = ImmutableDictionary.CreateBuilder<ISymbol, BlockingCall>(SymbolEqualityComparer.Default);
                    foreach (var (blocking, counterpart, kind) in rows)
                    {
                        Add(builder, compilation, known, blocking, counterpart, kind, referencesOnly: true);
                    }

                    foreach (var pair in builder)
                    {
                        resolved[pair.Key] = pair.Value;
                    }
                }

                return byType.GetOrAdd(type, resolved);
            }

            private static bool IsDeclaredInSource(INamedTypeSymbol type)
            {
                foreach (var location in type.Locations)
                {
                    if (location.IsInSource)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary><c>M:System.IO.Stream.Read(System.Byte[])</c> → (<c>T:System.IO.Stream</c>, <c>Read</c>); <c>P:N.Task`1.Result</c> → (<c>T:N.Task`1</c>, <c>Result</c>).</summary>
            private static (string TypeId, string MemberName) SplitMemberId(string memberId)
            {
                var parenthesis = memberId.IndexOf('(');
                var name = parenthesis < 0 ? memberId : memberId.Substring(0, parenthesis);
                var dot = name.LastIndexOf('.');
                var member = name.Substring(dot + 1);
                var arity = member.IndexOf("``", StringComparison.Ordinal);
                return ("T:" + name.Substring(2, dot - 2), arity < 0 ? member : member.Substring(0, arity));
            }
        }
    }
}
