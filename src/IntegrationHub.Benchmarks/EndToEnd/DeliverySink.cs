using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks.EndToEnd;

/// <summary>
/// The connector's target: a loopback HTTP endpoint in the benchmark's own process that records, per
/// <c>Idempotency-Key</c>, when each delivery first arrived and how often it came.
/// </summary>
public sealed class DeliverySink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (long FirstArrival, int Count)> _arrivals = new();

    private DeliverySink(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<DeliverySink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new DeliverySink(app);
        app.MapPost("/probe", (HttpRequest request) =>
        {
            var now = Stopwatch.GetTimestamp();
            var key = request.Headers["Idempotency-Key"].ToString();
            sink._arrivals.AddOrUpdate(key, (now, 1), (_, seen) => (seen.FirstArrival, seen.Count + 1));
            return Results.Ok(new { id = key });
        });
        await app.StartAsync();
        sink.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return sink;
    }

    /// <summary>The first arrival (a <see cref="Stopwatch"/> timestamp) of the delivery with this key, if any.</summary>
    public long? ArrivedAt(string key) => _arrivals.TryGetValue(key, out var a) ? a.FirstArrival : null;

    public int Duplicates(IEnumerable<string> keys) => keys.Count(k => _arrivals.TryGetValue(k, out var a) && a.Count > 1);

    public int UnexpectedKeys(ISet<string> expected) => _arrivals.Keys.Count(k => !expected.Contains(k));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
