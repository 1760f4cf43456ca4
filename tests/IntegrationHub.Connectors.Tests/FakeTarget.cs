using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Tests;

/// <summary>An outside system for one test: Kestrel on 127.0.0.1:0 answering with the test's handler, recording every request.</summary>
public sealed class FakeTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeTarget(WebApplication app) => _app = app;

    public ConcurrentQueue<Request> Requests { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<FakeTarget> StartAsync(Func<Request, Task<IResult>> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var target = new FakeTarget(app);
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var request = new Request(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                context.Request.ContentType);
            target.Requests.Enqueue(request);
            await (await handler(request)).ExecuteAsync(context);
        });
        await app.StartAsync();
        target.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return target;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public sealed record Request(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, string? ContentType)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
