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

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
