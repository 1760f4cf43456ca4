using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Testing;

/// <summary>A hub running in the test process, and HTTP clients for it (one with the API key, one without).</summary>
public sealed class TestHub(WebApplication app, Uri address) : IAsyncDisposable
{
    public IServiceProvider Services => app.Services;

    public Uri Address { get; } = address;

    public HttpClient Client { get; } = new() { BaseAddress = address, DefaultRequestHeaders = { { "X-Api-Key", HubEnvironment.ApiKey } } };

    public HttpClient Anonymous { get; } = new() { BaseAddress = address };

    private readonly List<HttpClient> _clients = [];

    /// <summary>A client that calls with <paramref name="apiKey"/> (see <see cref="HubEnvironment.AddPrincipal"/>); disposed with the hub.</summary>
    public HttpClient ClientFor(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Address, DefaultRequestHeaders = { { "X-Api-Key", apiKey } } };
        _clients.Add(client);
        return client;
    }

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        _clients.ForEach(c => c.Dispose());
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
