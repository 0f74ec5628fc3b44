using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace ConcurrencyAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// A minimal Language Server Protocol client over a server process's stdio: JSON-RPC messages
    /// framed by <c>Content-Length</c> headers. It answers the server's requests
    /// (<c>workspace/configuration</c> with the settings it was given, everything else with null),
    /// keeps every notification, and always ends the server process when disposed.
    /// </summary>
    internal sealed class LanguageServerClient : IAsyncDisposable
    {
        private readonly Process process;
        private readonly Stream input;
        private readonly SemaphoreSlim writeGate = new SemaphoreSlim(1, 1);
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> pending = new ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>>();
        private readonly Func<string?, JsonNode?> configuration;
        private readonly StringBuilder log = new StringBuilder();
        private readonly Task readLoop;
        private readonly Task errorLoop;
        private int nextId;

        private LanguageServerClient(Process process, Func<string?, JsonNode?> configuration)
        {
            this.process = process;
            this.configuration = configuration;
            input = process.StandardInput.BaseStream;
            readLoop = Task.Run(ReadLoopAsync);
            errorLoop = Task.Run(ErrorLoopAsync);
        }

        /// <summary>Everything the server said on stderr and in window/logMessage, for failure messages.</summary>
        public string Log
        {
            get
            {
                lock (log)
                {
                    return log.ToString();
                }
            }
        }

        public static LanguageServerClient Start(string executable, IEnumerable<string> arguments, string workingDirectory, Action<IDictionary<string, string?>> configureEnvironment, Func<string?, JsonNode?> configuration)
        {
            var start = new ProcessStartInfo(executable)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            configureEnvironment(start.Environment);

            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + executable);
            return new LanguageServerClient(process, configuration);
        }

        public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
        {
            var id = Interlocked.Increment(ref nextId);
            var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            pending[id] = completion;
            await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }).ConfigureAwait(false);
            var finished = await Task.WhenAny(completion.Task, Task.Delay(timeout)).ConfigureAwait(false);
            if (finished != completion.Task)
            {
                pending.TryRemove(id, out _);
                throw new TimeoutException($"no answer to '{method}' within {timeout.TotalSeconds:0} s. Server log:\n{Log}");
            }

            return await completion.Task.ConfigureAwait(false);
        }

        public Task NotifyAsync(string method, JsonNode? parameters) =>
            SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!process.HasExited)
                {
                    using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    var answer = RequestAsync("shutdown", null, TimeSpan.FromSeconds(10));
                    await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
                    await NotifyAsync("exit", null).ConfigureAwait(false);
                    await Task.WhenAny(process.WaitForExitAsync(shutdown.Token), Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or TimeoutException or OperationCanceledException or InvalidOperationException)
            {
                // the server may already be gone; it is killed below either way
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await Task.WhenAny(Task.WhenAll(readLoop, errorLoop), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
                process.Dispose();
                writeGate.Dispose();
            }
        }

        private async Task SendAsync(JsonObject message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
            await writeGate.WaitAsync().ConfigureAwait(false);
            try
            {
                await input.WriteAsync(header).ConfigureAwait(false);
                await input.WriteAsync(body).ConfigureAwait(false);
                await input.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                writeGate.Release();
            }
        }

        private async Task ReadLoopAsync()
        {
            var output = process.StandardOutput.BaseStream;
            try
            {
                while (true)
                {
                    var length = await ReadHeaderAsync(output).ConfigureAwait(false);
                    if (length < 0)
                    {
                        break;
                    }

                    var buffer = new byte[length];
                    var read = 0;
                    while (read < length)
                    {
                        var n = await output.ReadAsync(buffer.AsMemory(read, length - read)).ConfigureAwait(false);
                        if (n == 0)
                        {
                            return;
                        }

                        read += n;
                    }

                    await HandleAsync(JsonNode.Parse(buffer)!.AsObject()).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or JsonException)
            {
                Append("client: read loop ended: " + exception.Message);
            }
            finally
            {
                foreach (var waiting in pending.Values)
                {
                    waiting.TrySetException(new IOException("the language server closed its output. Server log:\n" + Log));
                }
            }
        }

        private static async Task<int> ReadHeaderAsync(Stream output)
        {
            var length = -1;
            var line = new StringBuilder();
            var one = new byte[1];
            while (true)
            {
                var n = await output.ReadAsync(one.AsMemory(0, 1)).ConfigureAwait(false);
                if (n == 0)
                {
                    return -1;
                }

                if (one[0] == '\n')
                {
                    var text = line.ToString().TrimEnd('\r');
                    line.Clear();
                    if (text.Length == 0)
                    {
                        if (length >= 0)
                        {
                            return length;
                        }

                        continue;
                    }

                    var colon = text.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0 && text.Substring(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(text.Substring(colon + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                else
                {
                    line.Append((char)one[0]);
                }
            }
        }

        private async Task HandleAsync(JsonObject message)
        {
            var hasId = message.TryGetPropertyValue("id", out var idNode) && idNode is not null;
            var method = message["method"]?.GetValue<string>();
            if (method is null && hasId)
            {
                // an answer to one of our requests
                if (pending.TryRemove(idNode!.GetValue<int>(), out var completion))
                {
                    if (message["error"] is { } error)
                    {
                        completion.TrySetException(new InvalidOperationException("server error: " + error.ToJsonString()));
                    }
                    else
                    {
                        completion.TrySetResult(message["result"]?.DeepClone());
                    }
                }

                return;
            }

            if (method == "window/logMessage" || method == "window/showMessage")
            {
                Append(message["params"]?["message"]?.GetValue<string>() ?? string.Empty);
            }

            if (hasId)
            {
                // a request from the server
                JsonNode? result = null;
                if (method == "workspace/configuration")
                {
                    var answers = new JsonArray();
                    foreach (var item in message["params"]?["items"]?.AsArray() ?? new JsonArray())
                    {
                        answers.Add(configuration(item?["section"]?.GetValue<string>()));
                    }

                    result = answers;
                }

                await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = idNode!.DeepClone(), ["result"] = result }).ConfigureAwait(false);
            }
        }

        private async Task ErrorLoopAsync()
        {
            try
            {
                string? line;
                while ((line = await process.StandardError.ReadLineAsync().ConfigureAwait(false)) is not null)
                {
                    Append(line);
                }
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                // process ended
            }
        }

        private void Append(string line)
        {
            lock (log)
            {
                if (log.Length < 200_000)
                {
                    log.AppendLine(line);
                }
            }
        }
    }
}
