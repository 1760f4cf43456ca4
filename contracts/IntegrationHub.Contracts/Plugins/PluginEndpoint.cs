namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// An HTTP endpoint a plugin adds to the hub's API. The hub deserialises the JSON body into
/// <see cref="RequestType"/> (with the plugin's own serializer options), authenticates the caller, checks that the
/// caller holds <see cref="Scope"/> (403 otherwise) and calls <see cref="Handler"/>.
/// </summary>
/// <param name="Method">GET, POST, PUT or DELETE.</param>
/// <param name="Route">Route template, for example <c>/api/query/reports/{id}</c>.</param>
/// <param name="RequestType">Body type for POST/PUT, or null.</param>
/// <param name="Scope">The scope a caller needs, for example <c>query:ask</c>; null means <c>plugin:{Id}</c>, which only a
/// principal granted it (or an admin) holds.</param>
public sealed record PluginEndpoint(
    string Method,
    string Route,
    Type? RequestType,
    Func<EndpointRequest, CancellationToken, Task<EndpointResponse>> Handler,
    string? Summary = null,
    string? Scope = null);

/// <param name="Body">The deserialised body (of the endpoint's request type), or null.</param>
/// <param name="RouteValues">Values of the route template's parameters.</param>
/// <param name="Query">Query-string values.</param>
/// <param name="User">The authenticated caller (the principal its API key names).</param>
/// <param name="Grants">Whether the caller holds a scope (see <see cref="Can"/>).</param>
public sealed record EndpointRequest(
    object? Body,
    IReadOnlyDictionary<string, string> RouteValues,
    IReadOnlyDictionary<string, string> Query,
    string User,
    IServiceProvider Services,
    Func<string, bool>? Grants = null)
{
    /// <summary>True when the caller holds <paramref name="scope"/> (an admin holds every scope).</summary>
    public bool Can(string scope) => Grants?.Invoke(scope) == true;
}

/// <summary>A JSON body (or raw bytes with a content type) and a status code.</summary>
public sealed record EndpointResponse(int StatusCode, object? Body = null, byte[]? Bytes = null, string? ContentType = null)
{
    public static EndpointResponse Ok(object? body) => new(200, body);
    public static EndpointResponse Accepted(object? body) => new(202, body);
    public static EndpointResponse NotFound(string message) => new(404, new { error = message });
    public static EndpointResponse Forbidden(string message) => new(403, new { error = message });
    public static EndpointResponse BadRequest(string message, IReadOnlyDictionary<string, string[]>? errors = null) => new(400, new { error = message, errors });
    public static EndpointResponse File(byte[] bytes, string contentType) => new(200, null, bytes, contentType);
}
