using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.EndToEnd;

/// <summary>
/// An outside system (EAM, OA, voice platform, SMS gateway) on 127.0.0.1: records each request with its arrival
/// time, answers <c>{"id":"EXT-n"}</c>, and answers 503 while <see cref="Down"/>.
/// </summary>
public sealed class FakeSystem : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private FakeSystem(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public volatile bool Down;

    public string Url { get; private set; } = "";

    public static async Task<FakeSystem> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var system = new FakeSystem(app);
        app.Run(async context =>
        {
            if (system.Down)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("down for maintenance");
                return;
            }

            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var id = Interlocked.Increment(ref system._count);
            system.Requests.Enqueue(new Received(
                context.Request.Method,
                context.Request.Path,
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body),
                body,
                DateTimeOffset.UtcNow));
            await context.Response.WriteAsJsonAsync(new { id = $"EXT-{id}" });
        });
        await app.StartAsync();
        system.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return system;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public sealed record Received(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, JsonNode? Body, string RawBody, DateTimeOffset At);
}
