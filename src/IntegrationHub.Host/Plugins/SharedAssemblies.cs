using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// The assemblies host and plugins share: loaded once, in the default load context, so a plugin's contract types
/// are the host's (what lets MassTransit and the SDK see one <c>IHubPlugin</c>, one message record). Everything
/// else a plugin loads is its own. A new shared assembly (an industry's contracts) is one more type here.
/// </summary>
internal static class SharedAssemblies
{
    /// <summary>One type from each shared assembly (McMaster.NETCore.Plugins shares a type's whole assembly).</summary>
    public static readonly Type[] Types =
    [
        typeof(IHubPlugin),
        typeof(IServiceCollection),
        typeof(ILogger),
        typeof(IConfiguration),
        typeof(IOptions<>),
    ];
}
