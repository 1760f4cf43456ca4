using Dapper;

namespace IntegrationHub.Storage.Keys;

/// <summary>
/// The data-protection key ring as XML documents by name (<c>data_protection_keys</c>), so every hub replica on one
/// database protects and unprotects cookies and anti-forgery tokens with the same keys.
/// </summary>
public sealed class DataProtectionKeyStore(HubDatabase database)
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name")).ToList();
    }

    /// <summary>Adds a key; a name already stored keeps its first document (keys are immutable once written).</summary>
    public async Task AddAsync(string name, string xml, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING",
            new { name, xml, at = UnixTime.Ms(DateTimeOffset.UtcNow) });
    }
}
