using System.Collections.Concurrent;
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
/// An outside system at the edge of a test (EAM, OA, voice platform, a webhook target): an HTTP server on 127.0.0.1
/// that records every request with its arrival time and answers with the test's handler, by default
/// <c>{"id":"EXT-n"}</c>; while <see cref="Down"/> it answers 503 and records nothing.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private WebhookSink(WebApplication app) => _app = app;

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
                DateTimeOffset.UtcNow);
            sink.Requests.Enqueue(received);
            var response = respond is null ? Results.Json(new { id = $"EXT-{id}" }) : await respond(received);
            await response.ExecuteAsync(context);
        });
        await app.StartAsync();
        sink.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return sink;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>One request as the outside system got it; <see cref="Body"/> is null unless the body is JSON.</summary>
    public sealed record Received(
        string Method,
        string Path,
        string Query,
        IReadOnlyDictionary<string, string> Headers,
        string? ContentType,
        string RawBody,
        DateTimeOffset At)
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
