using System.Net;
using IntegrationHub.Host.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Security;

/// <summary>
/// The embedded default accepts the weak demo key <c>demo-key</c>; fine on 127.0.0.1, dangerous anywhere else. Once the
/// server listens, a warning names every non-loopback address it listens on while that key is accepted.
/// </summary>
internal sealed class DemoKeyWarning(IHostApplicationLifetime lifetime, IServer server, IOptions<HubOptions> hub, ILogger<DemoKeyWarning> logger) : IHostedService
{
    public const string DemoKey = "demo-key";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Check);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check()
    {
        var demo = hub.Value.Api.Keys.FirstOrDefault(k => ApiKeyHash.Verify(DemoKey, k.Hash));
        var exposed = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Where(a => !IsLoopback(a)).ToList();
        if (demo is not null && exposed.Count > 0)
        {
            logger.LogWarning(
                "The weak demo key is accepted (principal '{Principal}') and the hub listens on {Addresses}: replace Hub:Api:Keys before exposing the hub",
                demo.Name, string.Join(", ", exposed));
        }
    }

    public static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://any", StringComparison.Ordinal).Replace("://*", "://any", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
