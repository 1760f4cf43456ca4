using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// A small OpenID Connect provider at the edge of a test: discovery document, JWKS, an authorize endpoint that signs
/// in <see cref="User"/> at once and redirects back with a code, and a token endpoint that checks the client's
/// secret, the code and its PKCE verifier and issues an id_token signed with a test RSA key.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "hub-console";
    public const string ClientSecret = "oidc-secret-5d1e";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, string RedirectUri)> _codes = new();

    private TestOidcProvider(WebApplication app) => _app = app;

    public string Authority { get; private set; } = "";

    /// <summary>Who signs in at the authorize endpoint, and the provider's roles it has.</summary>
    public (string Name, string[] Roles) User { get; set; } = ("alice", ["hub-operators"]);

    /// <summary>The last authorize request's query (client_id, redirect_uri, code_challenge…).</summary>
    public IReadOnlyDictionary<string, string> LastAuthorize { get; private set; } = new Dictionary<string, string>();

    public static async Task<TestOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new TestOidcProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Authority,
            ["authorization_endpoint"] = $"{provider.Authority}/authorize",
            ["token_endpoint"] = $"{provider.Authority}/token",
            ["jwks_uri"] = $"{provider.Authority}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(provider._key);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) => provider.Authorize(request));
        app.MapPost("/token", async (HttpRequest request) => provider.Token(await request.ReadFormAsync()));
        await app.StartAsync();
        provider.Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return provider;
    }

    private IResult Authorize(HttpRequest request)
    {
        LastAuthorize = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        if (request.Query["client_id"] != ClientId || request.Query["response_type"] != "code" || request.Query["code_challenge_method"] != "S256")
        {
            return Results.BadRequest("unknown client or unsupported request");
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var redirect = request.Query["redirect_uri"].ToString();
        _codes[code] = (request.Query["nonce"].ToString(), request.Query["code_challenge"].ToString(), redirect);
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(request.Query["state"].ToString())}");
    }

    private IResult Token(IFormCollection form)
    {
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["grant_type"] != "authorization_code")
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        var verifier = form["code_verifier"].ToString();
        if (!_codes.TryRemove(form["code"].ToString(), out var issued)
            || issued.RedirectUri != form["redirect_uri"]
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != issued.Challenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var now = DateTime.UtcNow;
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = $"id-{User.Name}",
                ["preferred_username"] = User.Name,
                ["roles"] = User.Roles,
                ["nonce"] = issued.Nonce,
            },
        });
        return Results.Json(new { access_token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
