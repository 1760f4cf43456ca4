using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Storage.Keys;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.DataProtection;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// <c>Hub:Console:KeyCertificate</c>: the console's data-protection keys are stored encrypted in the hub's database.
/// Tried: a hub without the certificate on the same database (cannot read what the others protected), and a
/// certificate file that is not one (the hub refuses to start, naming the setting).
/// </summary>
public sealed class ConsoleKeyCertificateTests
{
    private const string Purpose = "console-key-certificate-test";

    [Fact]
    public async Task Keys_are_stored_encrypted_and_only_hubs_with_the_certificate_read_what_another_protected()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        var certificate = new Dictionary<string, string?>
        {
            ["Hub:Console:KeyCertificate:Path"] = WriteCertificate(environment.DataDirectory, "s3cret"),
            ["Hub:Console:KeyCertificate:Password"] = "s3cret",
        };

        string token;
        await using (var first = await environment.StartHubAsync(certificate))
        {
            token = first.Get<IDataProtectionProvider>().CreateProtector(Purpose).Protect("signed-in: operator");
            var stored = await first.Get<DataProtectionKeyStore>().ListAsync();
            Assert.NotEmpty(stored);
            Assert.All(stored, xml =>
            {
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // an unencrypted master key is <masterKey><value>…
            });
        }

        await using (var replica = await environment.StartHubAsync(certificate))
        {
            Assert.Equal("signed-in: operator", replica.Get<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(token));
        }

        await using (var without = await environment.StartHubAsync())
        {
            Assert.ThrowsAny<CryptographicException>(() => without.Get<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(token));
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_certificate_stops_the_hub_at_start_naming_the_setting()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        var path = Path.Combine(environment.DataDirectory, "not-a-certificate.pfx");
        await File.WriteAllTextAsync(path, "not a certificate");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => environment.StartHubAsync(new Dictionary<string, string?> { ["Hub:Console:KeyCertificate:Path"] = path }));
        Assert.Contains("Hub:Console:KeyCertificate:Path", error.ToString(), StringComparison.Ordinal);
    }

    private static string WriteCertificate(string directory, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=hub console keys", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory, "console-keys.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
