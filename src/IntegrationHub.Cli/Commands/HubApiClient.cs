using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Host;

namespace IntegrationHub.Cli.Commands;

/// <summary>Talks to a running hub's HTTP API for the operator commands.</summary>
public sealed class HubApiClient(string? url, string? apiKey) : IDisposable
{
    private readonly HttpClient _http = Create(url, apiKey);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    public async Task<JsonElement> PostAsync(string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(path, content, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HubApiException($"{(int)response.StatusCode} {response.ReasonPhrase}: {text}");
        }

        return string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static HttpClient Create(string? url, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(url ?? Environment.GetEnvironmentVariable("HUB_URL") ?? HubRuntime.DefaultUrl) };
        var key = apiKey ?? Environment.GetEnvironmentVariable("HUB_API_KEY");
        if (!string.IsNullOrEmpty(key))
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return http;
    }
}

public sealed class HubApiException(string message) : Exception(message);
