using System.Xml.Linq;
using IntegrationHub.Storage.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// The console's cookies and anti-forgery tokens are protected with keys kept in the hub's database, under one
/// application name, so every replica behind a load balancer reads what another wrote (no sticky sessions, and a
/// restart signs nobody out).
/// </summary>
internal static class ConsoleDataProtection
{
    public const string ApplicationName = "IntegrationHub";

    public static void Add(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataProtectionKeyStore>((options, store) => options.XmlRepository = new HubXmlRepository(store));
    }

    /// <summary>
    /// <see cref="IXmlRepository"/> is synchronous; the key manager calls it rarely (at start, when a key is created,
    /// when the ring is refreshed, about daily), so blocking on the store there costs nothing a request waits for.
    /// </summary>
    private sealed class HubXmlRepository(DataProtectionKeyStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() =>
            store.ListAsync().GetAwaiter().GetResult().Select(XElement.Parse).ToList();

        public void StoreElement(XElement element, string friendlyName) =>
            store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
    }
}
