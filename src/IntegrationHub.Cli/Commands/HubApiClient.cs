using System.Net;
using System.Text.Json;
using IntegrationHub.Host;

namespace IntegrationHub.Cli.Commands;

/// <summary>Talks to a running hub's HTTP API for the operator commands.</summary>
public sealed class HubApiClient(string? url, string? apiKey) : IDisposable
{
    private readonly HttpClient _http = Create(url, apiKey);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
            throw new HubApiException(response.StatusCode, HubApiException.Describe(response.ReasonPhrase, text));
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

/// <summary>The hub answered with an error status; <see cref="Reason"/> is its answer on one line.</summary>
public sealed class HubApiException(HttpStatusCode statusCode, string reason) : Exception($"{(int)statusCode}: {reason}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string Reason { get; } = reason;

    /// <summary>A problem-details body (detail, or title and field errors), a <c>message</c>, or the text itself, on one line.</summary>
    public static string Describe(string? reasonPhrase, string body)
    {
        try
        {
            var answer = JsonDocument.Parse(body).RootElement;
            if (answer.ValueKind == JsonValueKind.Object)
            {
                var text = Text(answer, "detail") ?? Text(answer, "message") ?? Text(answer, "error") ?? Text(answer, "title") ?? reasonPhrase ?? "";
                if (answer.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    text = $"{text} " + string.Join("; ", errors.EnumerateObject().Select(e => $"{e.Name}: {string.Join(", ", e.Value.EnumerateArray().Select(m => m.GetString()))}"));
                }

                return OneLine(text);
            }
        }
        catch (JsonException)
        {
        }

        return OneLine(string.IsNullOrWhiteSpace(body) ? reasonPhrase ?? "" : body);
    }

    private static string? Text(JsonElement answer, string name) =>
        answer.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= 400 ? line : line[..400] + "…";
    }
}
