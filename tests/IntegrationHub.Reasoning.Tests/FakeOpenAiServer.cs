using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>What the fake server answers to one chat-completions call.</summary>
public sealed record FakeReply(int Status = 200, string? Content = null, JsonArray? ToolCalls = null, TimeSpan Delay = default, string? RetryAfter = null)
{
    public static FakeReply Json(object content) => new(Content: JsonSerializer.Serialize(content));

    public static FakeReply Text(string content) => new(Content: content);

    public static FakeReply Tool(string id, string name, object arguments) => new(ToolCalls:
    [
        new JsonObject
        {
            ["id"] = id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = JsonSerializer.Serialize(arguments) },
        },
    ]);
}

/// <summary>
/// The edge double: a real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions protocol, answering each
/// call with the reply the test scripted for it and recording the requests it got.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Func<int, JsonObject, FakeReply> script;
    private int calls;
    private int inFlight;
    private int maxInFlight;

    /// <summary>The most calls the server was handling at once.</summary>
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public ConcurrentQueue<(string Path, JsonObject Body, IHeaderDictionary Headers)> Requests { get; } = new();

    public int Calls => Volatile.Read(ref calls);

    public Uri BaseAddress { get; private set; } = null!;

    private FakeOpenAiServer(Func<int, JsonObject, FakeReply> script)
    {
        this.script = script;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/{**path}", Handle);
    }

    /// <param name="script">Call number (0-based) and request body → reply.</param>
    public static async Task<FakeOpenAiServer> StartAsync(Func<int, JsonObject, FakeReply> script)
    {
        var server = new FakeOpenAiServer(script);
        await server.app.StartAsync();
        server.BaseAddress = new Uri(server.app.Urls.First() + "/v1/");
        return server;
    }

    public static Task<FakeOpenAiServer> StartAsync(params FakeReply[] replies) =>
        StartAsync((i, _) => replies[Math.Min(i, replies.Length - 1)]);

    private async Task Handle(HttpContext context)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        var headers = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value));
        Requests.Enqueue((context.Request.Path.Value ?? "", body, headers));
        var n = Interlocked.Increment(ref calls) - 1;
        var now = Interlocked.Increment(ref inFlight);
        for (var seen = MaxInFlight; now > seen && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen; seen = MaxInFlight)
        {
        }
        try
        {
            await Reply(context, body, n);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task Reply(HttpContext context, JsonObject body, int n)
    {
        var reply = script(n, body);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null) context.Response.Headers.RetryAfter = reply.RetryAfter;
        if (reply.Status != 200)
        {
            await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error", code = reply.Status.ToString() } });
            return;
        }
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content };
        if (reply.ToolCalls is not null) message["tool_calls"] = reply.ToolCalls.DeepClone();
        var response = new JsonObject
        {
            ["id"] = $"chatcmpl-{n}",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = body["model"]?.GetValue<string>() ?? "fake",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = reply.ToolCalls is null ? "stop" : "tool_calls",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
