using System.Threading.Tasks;
using ConcurrencyAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP011TaskRunWrapsBlockingIoAnalyzer,
    ConcurrencyAnalyzers.CodeFixes.CVP011TaskRunWrapsBlockingIoCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP011TaskRunWrapsBlockingIoTests
    {
        private const string Kettle = """
            namespace Kitchen
            {
                public class Kettle
                {
                    public void Boil(int litres) { }
                    public System.Threading.Tasks.Task BoilAsync(int litres) => System.Threading.Tasks.Task.CompletedTask;
                }

                public static class KettleExtensions
                {
                    public static int Pour(this Kettle kettle, int cups) => cups;
                }

                public static class KettleAsyncExtensions
                {
                    public static System.Threading.Tasks.Task<int> PourAsync(this Kettle kettle, int cups) => System.Threading.Tasks.Task.FromResult(cups);
                }
            }
            """;

        private const string KettleConfig = """
            root = true

            [*.cs]
            concurrency_analyzers.blocking_apis = M:Kitchen.Kettle.Boil(System.Int32)=>M:Kitchen.Kettle.BoilAsync
            """;

        // One entry per key: Roslyn's .editorconfig parser treats ';' and '#' as the start of an inline comment.
        private const string PourConfig = """
            root = true

            [*.cs]
            concurrency_analyzers.CVP011.blocking_apis = M:Kitchen.KettleExtensions.Pour(Kitchen.Kettle,System.Int32)=>M:Kitchen.KettleAsyncExtensions.PourAsync
            """;

        private static Task VerifyWithConfigAsync(string source, string? fixedSource, string config)
        {
            var test = new Verify.Test { TestCode = source, FixedCode = fixedSource ?? source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", config));
            return test.RunAsync();
        }

        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_ReadAllText_WithMessage()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<string> ReadRecipe(string path) => {|#0:Task.Run(() => File.ReadAllText(path))|};
                }
                """,
                Verify.Diagnostic(RuleIds.TaskRunWrapsBlockingIo).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithArguments("Task.Run", "File.ReadAllText", "File.ReadAllTextAsync"));
        }

        [Fact]
        public async Task Flags_ThreadSleep_BlockLambdas_StreamOverride()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Wait(int ms) => {|CVP011:Task.Run(() => Thread.Sleep(ms))|};
                    Task<string> Read(string path) => {|CVP011:Task.Run(() => { return File.ReadAllText(path); })|};
                    Task Write(string path, string text) => {|CVP011:Task.Run(() => { File.WriteAllText(path, text); })|};
                    Task<int> Fill(FileStream stream, byte[] cup) => {|CVP011:Task.Run(() => stream.Read(cup, 0, cup.Length))|};
                }
                """);
        }

        [Fact]
        public async Task Flags_InLambdaLocalFunctionAndGenericMethod()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    Func<Task<string>> Later(string path) => () => {|CVP011:Task.Run(() => File.ReadAllText(path))|};

                    Task<string> Local(string path)
                    {
                        return Read();
                        Task<string> Read() => {|CVP011:Task.Run(() => File.ReadAllText(path))|};
                    }

                    async Task<T> Generic<T>(string path, T value)
                    {
                        await {|CVP011:Task.Run(() => File.ReadAllBytes(path))|};
                        return value;
                    }
                }
                """);
        }

        [Fact]
        public async Task Flags_NestedTaskRun_OnceAtTheInnerCall_NotLambdasOfOtherCalls()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<string> Nested(string path) => Task.Run(() => {|#0:Task.Run(() => File.ReadAllText(path))|});
                    Task<Lazy<string>> Later(string path) => Task.Run(() => new Lazy<string>(() => File.ReadAllText(path)));
                    Task<string> Picked(string path) => Task.Run(() => Pick(() => File.ReadAllText(path)));

                    static string Pick(Func<string> read) => read();
                }
                """,
                Verify.Diagnostic(RuleIds.TaskRunWrapsBlockingIo).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithArguments("Task.Run", "File.ReadAllText", "File.ReadAllTextAsync"));
        }

        // A cast or 'new Func<string>(…)' around the lambda is itself the delegate creation (an explicit one), not a conversion around it.
        [Fact]
        public async Task Flags_LambdaCastOrWrappedInDelegateCreation()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<string> Cast(string path) => {|CVP011:Task.Run((Func<string>)(() => File.ReadAllText(path)))|};
                    Task<string> Created(string path) => {|CVP011:Task.Run(new Func<string>(() => File.ReadAllText(path)))|};
                }
                """);
        }

        [Fact]
        public async Task Flags_UserAddedApi_InEditorConfig()
        {
            await VerifyWithConfigAsync($$"""
                using System.Threading.Tasks;
                using Kitchen;

                class Morning
                {
                    Task Boil(Kettle kettle) => {|CVP011:Task.Run(() => kettle.Boil(2))|};
                }
                {{Kettle}}
                """, $$"""
                using System.Threading.Tasks;
                using Kitchen;

                class Morning
                {
                    Task Boil(Kettle kettle) => kettle.BoilAsync(2);
                }
                {{Kettle}}
                """, KettleConfig);
        }

        [Fact]
        public async Task Flags_UserAddedExtensionMethod_WithExtensionMethodCounterpart_PerRuleKey()
        {
            await VerifyWithConfigAsync($$"""
                using System.Threading.Tasks;
                using Kitchen;

                class Morning
                {
                    Task<int> Pour(Kettle kettle) => {|CVP011:Task.Run(() => kettle.Pour(2))|};
                }
                {{Kettle}}
                """, $$"""
                using System.Threading.Tasks;
                using Kitchen;

                class Morning
                {
                    Task<int> Pour(Kettle kettle) => kettle.PourAsync(2);
                }
                {{Kettle}}
                """, PourConfig);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_NoCounterpartOnNetFramework472()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<string> ReadRecipe(string path) => Task.Run(() => File.ReadAllText(path));
                }
                """, ReferenceSets.Net472);
        }

        [Fact]
        public async Task NoDiagnostic_BlockingCallWithoutCounterpart_OrCpuWork()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<bool> Exists(string path) => Task.Run(() => File.Exists(path));
                    Task<int> Weigh(int[] beans) => Task.Run(() => beans.Length * 2);
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_MoreThanTheBlockingCall()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<int> Count(string path) => Task.Run(() => File.ReadAllText(path).Length);
                    Task<string> Read(string path) => Task.Run(() => { var text = File.ReadAllText(path); return text.Trim(); });
                    Task<string> Computed(string folder) => Task.Run(() => File.ReadAllText(Path.Combine(folder, "recipe.txt")));
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_AsyncLambda_TaskWaits_SleepZero()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Async(string path) => Task.Run(async () => { File.ReadAllText(path); await Task.Yield(); });
                    Task Wait(Task other) => Task.Run(() => other.Wait());
                    Task<int> Result(Task<int> other) => Task.Run(() => other.Result);
                    Task Yield() => Task.Run(() => Thread.Sleep(0));
                }
                """);
        }

        [Fact]
        public async Task NoDiagnostic_ExcludedInEditorConfig()
        {
            await VerifyWithConfigAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<string> ReadRecipe(string path) => Task.Run(() => File.ReadAllText(path));
                }
                """, null, """
                root = true

                [*.cs]
                concurrency_analyzers.CVP011.excluded_blocking_apis = M:System.IO.File.ReadAllText(System.String)
                """);
        }

        [Fact]
        public async Task NoDiagnostic_WrapperIsTheCounterpartItself()
        {
            await VerifyWithConfigAsync($$"""
                using System.Threading.Tasks;

                namespace Kitchen
                {
                    public class Kettle
                    {
                        public void Boil(int litres) { }
                        public Task BoilAsync(int litres) => Task.Run(() => Boil(litres));
                    }
                }
                """, null, """
                root = true

                [*.cs]
                concurrency_analyzers.blocking_apis = M:Kitchen.Kettle.Boil(System.Int32)=>M:Kitchen.Kettle.BoilAsync
                """);
        }

        [Fact]
        public async Task NoDiagnostic_UserTypesNamedThreadAndTask()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System;

                namespace Kitchen
                {
                    static class Thread
                    {
                        public static void Sleep(int ms) { }
                    }

                    static class Task
                    {
                        public static System.Threading.Tasks.Task Run(Action work) => System.Threading.Tasks.Task.CompletedTask;
                    }

                    class Morning
                    {
                        System.Threading.Tasks.Task Wait() => System.Threading.Tasks.Task.Run(() => Thread.Sleep(100));
                        System.Threading.Tasks.Task Read(string path) => Task.Run(() => System.IO.File.ReadAllText(path));
                    }
                }
                """);
        }

        // ---- Fix -----------------------------------------------------------------------------

        [Fact]
        public async Task Fix_ReadAllText()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> ReadRecipe(string path)
                    {
                        return await {|CVP011:Task.Run(() => File.ReadAllText(path))|}; // recipe
                    }
                }
                """, """
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task<string> ReadRecipe(string path)
                    {
                        return await File.ReadAllTextAsync(path); // recipe
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_SleepBecomesTaskDelay_WithTaskRunToken()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Steep(CancellationToken token) => {|CVP011:Task.Run(() => Thread.Sleep(3000), token)|};
                }
                """, """
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Steep(CancellationToken token) => Task.Delay(3000, token);
                }
                """);
        }

        [Fact]
        public async Task Fix_PassesTaskRunTokenToCounterpart()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<int> Fill(Stream stream, byte[] cup, CancellationToken ct) => {|CVP011:Task.Run(() => stream.Read(cup, 0, cup.Length), ct)|};
                }
                """, """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<int> Fill(Stream stream, byte[] cup, CancellationToken ct) => stream.ReadAsync(cup, 0, cup.Length, ct);
                }
                """);
        }

        [Fact]
        public async Task Fix_DiscardedResult_AwaitedAsStatement()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Warm(string path)
                    {
                        await {|CVP011:Task.Run(() => { File.ReadAllBytes(path); })|}.ConfigureAwait(false);
                    }
                }
                """, """
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Warm(string path)
                    {
                        await File.ReadAllBytesAsync(path).ConfigureAwait(false);
                    }
                }
                """);
        }

        [Fact]
        public async Task Fix_QualifiesTaskDelay_WhenUserTaskTypeIsInScope()
        {
            await Verify.VerifyCodeFixAsync("""
                namespace Kitchen
                {
                    class Task { }

                    class Morning
                    {
                        System.Threading.Tasks.Task Steep() => {|CVP011:System.Threading.Tasks.Task.Run(() => System.Threading.Thread.Sleep(3000))|};
                    }
                }
                """, """
                namespace Kitchen
                {
                    class Task { }

                    class Morning
                    {
                        System.Threading.Tasks.Task Steep() => System.Threading.Tasks.Task.Delay(3000);
                    }
                }
                """);
        }

        [Fact]
        public async Task NoFix_TokenButNoCounterpartTakingIt()
        {
            await VerifyWithConfigAsync($$"""
                using System.Threading;
                using System.Threading.Tasks;
                using Kitchen;

                class Morning
                {
                    Task Boil(Kettle kettle, CancellationToken token) => {|CVP011:Task.Run(() => kettle.Boil(2), token)|};
                }
                {{Kettle}}
                """, null, KettleConfig);
        }

        [Fact]
        public async Task NoFix_ResultTypeWouldChange()
        {
            await Verify.VerifyNoFixAsync("""
                using System.IO;
                using System.Threading.Tasks;

                class Morning
                {
                    Task Warm(string path)
                    {
                        var warming = {|CVP011:Task.Run(() => { File.ReadAllBytes(path); })|};
                        return warming;
                    }
                }
                """);
        }

        [Fact]
        public async Task FixAll_TwoInOneDocument()
        {
            await Verify.VerifyCodeFixAsync("""
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<string> Read(string path) => {|CVP011:Task.Run(() => File.ReadAllText(path))|};
                    Task Wait() => {|CVP011:Task.Run(() => Thread.Sleep(100))|};
                }
                """, """
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                class Morning
                {
                    Task<string> Read(string path) => File.ReadAllTextAsync(path);
                    Task Wait() => Task.Delay(100);
                }
                """);
        }

        [Fact]
        public async Task Fix_OnNetFramework472_SleepOnly()
        {
            var test = new Verify.Test
            {
                ReferenceAssemblies = ReferenceSets.Net472,
                TestCode = """
                    using System.IO;
                    using System.Threading;
                    using System.Threading.Tasks;

                    class Morning
                    {
                        Task<string> Read(string path) => Task.Run(() => File.ReadAllText(path));
                        Task Wait() => {|CVP011:Task.Run(() => Thread.Sleep(100))|};
                    }
                    """,
                FixedCode = """
                    using System.IO;
                    using System.Threading;
                    using System.Threading.Tasks;

                    class Morning
                    {
                        Task<string> Read(string path) => Task.Run(() => File.ReadAllText(path));
                        Task Wait() => Task.Delay(100);
                    }
                    """,
            };
            await test.RunAsync();
        }
    }
}
