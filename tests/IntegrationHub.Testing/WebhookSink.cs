using System.Collections.Concurrent;
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
/// The outside system at the edge of a test: an HTTP server on 127.0.0.1 that records every request it gets,
/// and can be told to be down (503) for a while.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookSink(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public volatile bool Down;

    public string Url { get; private set; } = "";

    public static async Task<WebhookSink> StartAsync()
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
                return;
            }

            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            sink.Requests.Enqueue(new Received(
                context.Request.Method,
                context.Request.Path,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body)));
            context.Response.StatusCode = 200;
            await context.Response.WriteAsJsonAsync(new { id = $"EXT-{sink.Requests.Count}" });
        });
        await app.StartAsync();
        sink.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return sink;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, JsonNode? Body);
}
