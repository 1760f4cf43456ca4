using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Testing;

/// <summary>
/// An outside system at the edge of a test or benchmark (EAM, OA, voice platform, a webhook target): an HTTP server on
/// 127.0.0.1 that records every request with its arrival time, also by its <c>Idempotency-Key</c> (how the outbox marks
/// a delivery), and answers with the handler given, by default <c>{"id":"EXT-n"}</c>; while <see cref="Down"/> it
/// answers 503 and records nothing.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private WebhookSink(WebApplication app) => _app = app;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Received>> _byIdempotencyKey = new();

    public ConcurrentQueue<Received> Requests { get; } = new();

    public volatile bool Down;

    public string Url { get; private set; } = "";

    public static async Task<WebhookSink> StartAsync(Func<Received, Task<IResult>>? respond = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new WebhookSink(app);
        app.Run(async context =>
        {
            if (sink.Down)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("down for maintenance");
                return;
            }

            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var id = Interlocked.Increment(ref sink._count);
            var received = new Received(
                context.Request.Method,
                context.Request.Path,
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                context.Request.ContentType,
                body,
                DateTimeOffset.UtcNow,
                Stopwatch.GetTimestamp());
            sink.Requests.Enqueue(received);
            if (received.Header("Idempotency-Key") is { Length: > 0 } key)
            {
                sink._byIdempotencyKey.GetOrAdd(key, _ => new()).Enqueue(received);
            }

            var response = respond is null ? Results.Json(new { id = $"EXT-{id}" }) : await respond(received);
            await response.ExecuteAsync(context);
        });
        await app.StartAsync();
        sink.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return sink;
    }

    /// <summary>The requests that carried this <c>Idempotency-Key</c>, in arrival order (more than one: a repeated delivery).</summary>
    public IReadOnlyList<Received> WithIdempotencyKey(string key) =>
        _byIdempotencyKey.TryGetValue(key, out var received) ? [.. received] : [];

    /// <summary>Waits for the first request that matches (one that came already counts); a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<Received> WaitForAsync(Func<Received, bool> match, TimeSpan timeout, string what)
    {
        Received? found = null;
        await Eventually.TrueAsync(() => (found = Requests.FirstOrDefault(match)) is not null, timeout, what);
        return found!;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// One request as the outside system got it; <see cref="Body"/> is null unless the body is JSON. <see cref="Timestamp"/>
    /// is its arrival as a <see cref="Stopwatch"/> timestamp, for latencies measured against one.
    /// </summary>
    public sealed record Received(
        string Method,
        string Path,
        string Query,
        IReadOnlyDictionary<string, string> Headers,
        string? ContentType,
        string RawBody,
        DateTimeOffset At,
        long Timestamp)
    {
        public JsonNode? Body { get; } = ParseJson(RawBody);

        public string PathAndQuery => Path + Query;

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        private static JsonNode? ParseJson(string body)
        {
            try
            {
                return string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
