using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using IntegrationHub.Storage.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// The console's cookies and anti-forgery tokens are protected with keys kept in the hub's database, under one
/// application name, so every replica behind a load balancer reads what another wrote (no sticky sessions, and a
/// restart signs nobody out). With <c>Hub:Console:KeyCertificate</c> the keys are encrypted there with the
/// certificate's key.
/// </summary>
internal static class ConsoleDataProtection
{
    public const string ApplicationName = "IntegrationHub";

    public static void Add(IServiceCollection services, ConsoleKeyCertificateOptions certificate)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (certificate.Enabled)
        {
            dataProtection.ProtectKeysWithCertificate(Load(certificate));
        }

        services.AddOptions<KeyManagementOptions>()
            .Configure<DataProtectionKeyStore>((options, store) => options.XmlRepository = new HubXmlRepository(store));
    }

    private static X509Certificate2 Load(ConsoleKeyCertificateOptions certificate)
    {
        X509Certificate2 loaded;
        try
        {
            loaded = X509CertificateLoader.LoadPkcs12FromFile(certificate.Path!, certificate.Password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Hub:Console:KeyCertificate:Path '{certificate.Path}' could not be read as a PKCS#12 certificate with that password: {e.Message}", e);
        }

        return loaded.HasPrivateKey
            ? loaded
            : throw new InvalidOperationException($"Hub:Console:KeyCertificate:Path '{certificate.Path}' has no private key: the console's keys could be encrypted but never read back.");
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
