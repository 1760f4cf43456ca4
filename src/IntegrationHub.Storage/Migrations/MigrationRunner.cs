using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Storage.Migrations;

/// <summary>
/// Applies the embedded <c>Migrations/&lt;Provider&gt;/NNNN_name.sql</c> scripts in order, each in its own
/// transaction, and records them in <c>schema_migrations</c>. On PostgreSQL an advisory lock keeps two hub
/// instances starting together from migrating at once.
/// </summary>
public sealed class MigrationRunner(HubDatabase database, ILogger<MigrationRunner> logger)
{
    private const long AdvisoryLockId = 0x4855_4221; // "HUB!"

    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.IsPostgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@id)", new { id = AdvisoryLockId });
        }

        try
        {
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
            var done = new List<string>();
            foreach (var (version, name, sql) in Scripts(database.Provider))
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                    new { version, name, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                    transaction);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Version:0000} {Name}", version, name);
                done.Add(name);
            }

            return done;
        }
        finally
        {
            if (database.IsPostgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@id)", new { id = AdvisoryLockId });
            }
        }
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Scripts(StorageProvider provider)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                return (int.Parse(name[..4]), name, Read(assembly, n));
            })
            .OrderBy(s => s.Item1);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
