using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Storage;

/// <summary>Opens connections to the hub's own database and says which SQL dialect it speaks.</summary>
public sealed class HubDatabase
{
    private readonly NpgsqlDataSource? _postgres;

    public HubDatabase(StorageProvider provider, string connectionString)
    {
        Provider = provider;
        if (provider == StorageProvider.PostgreSql)
        {
            _postgres = NpgsqlDataSource.Create(connectionString);
            ConnectionString = connectionString;
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 };
            ConnectionString = builder.ToString();
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
    }

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => Provider == StorageProvider.PostgreSql;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // WAL lets readers run beside the single writer; busy_timeout makes writers wait instead of failing.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>Begins a unit of work: one connection and one transaction, committed or rolled back together.</summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return new UnitOfWork(connection, transaction);
    }
}

/// <summary>A connection with an open transaction; disposing without <see cref="CommitAsync"/> rolls back.</summary>
public sealed class UnitOfWork(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public Task CommitAsync(CancellationToken cancellationToken = default) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
