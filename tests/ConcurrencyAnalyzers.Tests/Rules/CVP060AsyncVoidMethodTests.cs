using System.Threading.Tasks;
using Xunit;
using Verify = ConcurrencyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ConcurrencyAnalyzers.Rules.CVP060AsyncVoidMethodAnalyzer, ConcurrencyAnalyzers.CodeFixes.CVP060AsyncVoidMethodCodeFix>;

namespace ConcurrencyAnalyzers.Tests.Rules
{
    public sealed class CVP060AsyncVoidMethodTests
    {
        // ---- Flags ---------------------------------------------------------------------------

        [Fact]
        public async Task Flags_AsyncVoidMethod_WithMessage()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    async void {|#0:PrepareBreakfast|}()
                    {
                        await Task.Delay(10);
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source,
                Verify.Diagnostic(RuleIds.AsyncVoidMethod).WithLocation(0).WithArguments("PrepareBreakfast"));
        }

        [Fact]
        public async Task Flags_AsyncVoidLocalFunction()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    void Start()
                    {
                        async void {|CVP060:BoilKettle|}() => await Task.Delay(10);
                        BoilKettle();
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_StaticAsyncVoidWithNonEventArgsParameters()
        {
            const string source = """
                using System.Threading.Tasks;

                static class Morning
                {
                    public static async void {|CVP060:GoToOffice|}(object traveller, string route)
                    {
                        await Task.Delay(10);
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task Flags_AsyncVoidWithoutAwait()
        {
            const string source = """
                class Morning
                {
                    #pragma warning disable CS1998
                    async void {|CVP060:WashFace|}() { }
                    #pragma warning restore CS1998
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Does not flag -------------------------------------------------------------------

        [Fact]
        public async Task NoDiagnostic_EventHandler()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Alarm
                {
                    public event EventHandler? Rang;
                    Alarm() { Rang += OnRang; }
                    async void OnRang(object? sender, EventArgs e) => await Task.Delay(10);
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_EventHandlerWithDerivedEventArgs()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                sealed class KettleBoiledEventArgs : EventArgs { }

                class Kitchen
                {
                    async void OnKettleBoiled(object sender, KettleBoiledEventArgs e) => await Task.Delay(10);
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LocalFunctionEventHandler()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Alarm
                {
                    public event EventHandler? Rang;
                    void Wire()
                    {
                        async void OnRang(object? sender, EventArgs e) => await Task.Delay(10);
                        Rang += OnRang;
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_EventHandlerWithUnresolvedEventArgs()
        {
            // Found in real code compiled without one of its references: the handler's EventArgs type did not resolve.
            const string source = """
                using System.Threading.Tasks;

                class MapView
                {
                    async void Pin_MarkerClicked(object sender, {|CS0246:PinClickedEventArgs|} e) => await Task.Delay(10);
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_OverrideOfVoidMember()
        {
            const string source = """
                using System.Threading.Tasks;

                abstract class Routine { protected abstract void Run(); }

                sealed class Breakfast : Routine
                {
                    protected override async void Run() => await Task.Delay(10);
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ImplicitInterfaceImplementation()
        {
            const string source = """
                using System.Threading.Tasks;

                interface IStep { void Do(); }

                sealed class Shower : IStep
                {
                    public async void Do() => await Task.Delay(10);
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_ExplicitInterfaceImplementation()
        {
            const string source = """
                using System.Threading.Tasks;

                interface IStep { void Do(); }

                sealed class Shower : IStep
                {
                    async void IStep.Do() => await Task.Delay(10);
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_PartialMethodFixedToVoid()
        {
            const string source = """
                using System.Threading.Tasks;

                partial class ViewModel
                {
                    partial void OnNameChanged(string value);
                }

                partial class ViewModel
                {
                    async partial void OnNameChanged(string value) => await Task.Delay(10);
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_AsyncTaskAndSyncVoid()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task EatAsync() => await Task.Delay(10);
                    void Walk() { }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_AsyncVoidLambda()
        {
            // Lambdas converted to Action are CVP001's business inside parallel loops; CVP060 is about declarations.
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Morning
                {
                    void Start()
                    {
                        Action brew = async () => await Task.Delay(10);
                        brew();
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserEventArgs()
        {
            // A user's own 'EventArgs' (not System.EventArgs) does not make an event handler: still flagged.
            const string source = """
                using System.Threading.Tasks;

                namespace Home
                {
                    class EventArgs { }

                    class Alarm
                    {
                        async void {|CVP060:OnRang|}(object sender, EventArgs e) => await Task.Delay(10);
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public async Task NoDiagnostic_LookAlikeUserTask()
        {
            // A user's own 'Task'-returning async method builder is not void.
            const string source = """
                namespace Home
                {
                    class Task { }

                    class Alarm
                    {
                        Task Ring() => new Task();
                    }
                }
                """;
            await Verify.VerifyAnalyzerAsync(source);
        }

        // ---- Fix ----------------------------------------------------------------------------

        [Fact]
        public async Task Fix_ReturnsTask()
        {
            const string source = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    public async void {|CVP060:Prepare|}()
                    {
                        await Task.Delay(10);
                    }

                    public async Task EatAsync()
                    {
                        Prepare();
                        await Task.Delay(10);
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    public async Task Prepare()
                    {
                        await Task.Delay(10);
                    }

                    public async Task EatAsync()
                    {
                        Prepare();
                        await Task.Delay(10);
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_AddsUsingWhenMissing()
        {
            const string source = """
                class Breakfast
                {
                    static async void {|CVP060:Prepare|}()
                    {
                        await System.Threading.Tasks.Task.Yield();
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Breakfast
                {
                    static async Task Prepare()
                    {
                        await System.Threading.Tasks.Task.Yield();
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_LocalFunction()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task StartAsync()
                    {
                        async void {|CVP060:BoilKettle|}() => await Task.Delay(10);
                        BoilKettle();
                        await Task.Delay(10);
                    }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task StartAsync()
                    {
                        async Task BoilKettle() => await Task.Delay(10);
                        BoilKettle();
                        await Task.Delay(10);
                    }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task NoFix_WhenUsedAsMethodGroup()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Morning
                {
                    async void {|CVP060:Ring|}() => await Task.Delay(10);

                    Action Alarm() => Ring;
                }
                """;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task NoFix_WhenSubscribedToEvent()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;

                class Morning
                {
                    event Action? Dawn;
                    async void {|CVP060:WakeUp|}() => await Task.Delay(10);
                    void Wire() { Dawn += WakeUp; Dawn?.Invoke(); }
                }
                """;
            await Verify.VerifyNoFixAsync(source);
        }

        [Fact]
        public async Task FixAll_TwoMethodsInOneDocument()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async void {|CVP060:GetReady|}() => await Task.Delay(10);
                    async void {|CVP060:PrepareBreakfast|}() => await Task.Delay(10);
                    void Start() { GetReady(); PrepareBreakfast(); }
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task GetReady() => await Task.Delay(10);
                    async Task PrepareBreakfast() => await Task.Delay(10);
                    void Start() { GetReady(); PrepareBreakfast(); }
                }
                """;
            await Verify.VerifyCodeFixAsync(source, fixedSource);
        }

        [Fact]
        public async Task Fix_OnNetFramework()
        {
            const string source = """
                using System.Threading.Tasks;

                class Morning
                {
                    async void {|CVP060:Walk|}() => await Task.Delay(10);
                }
                """;
            const string fixedSource = """
                using System.Threading.Tasks;

                class Morning
                {
                    async Task Walk() => await Task.Delay(10);
                }
                """;
            var test = new Verify.Test
            {
                TestCode = source,
                FixedCode = fixedSource,
                ReferenceAssemblies = Verifiers.ReferenceSets.Net472,
            };
            await test.RunAsync();
        }
    }
}
