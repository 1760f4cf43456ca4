using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Storage;

/// <summary>Opens connections to the hub's own database and says which SQL dialect it speaks.</summary>
public sealed class HubDatabase
{
    /// <summary>As long as a unit of work waits for SQLite's single writer before giving up (as busy_timeout).</summary>
    private static readonly TimeSpan WriterWait = TimeSpan.FromSeconds(30);

    /// <summary>Default number of statements each pooled connection keeps prepared on the server.</summary>
    private const int AutoPreparedStatements = 32;

    private readonly NpgsqlDataSource? _postgres;

    // SQLite has one writer, and a transaction here takes the write lock when it begins (BEGIN IMMEDIATE). Units of
    // work of this process queue for it here instead of in SQLite's busy handler, which sleeps and polls (up to
    // 100 ms a round) and so leaves the lock idle under load. Other processes still meet busy_timeout.
    private readonly SemaphoreSlim? _sqliteWriter;

    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, SQLitePCL.sqlite3> _configured = new();

    public HubDatabase(StorageProvider provider, string connectionString)
    {
        Provider = provider;
        if (provider == StorageProvider.PostgreSql)
        {
            _postgres = NpgsqlDataSource.Create(WithPoolDefaults(connectionString));
            ConnectionString = connectionString;
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 };
            ConnectionString = builder.ToString();
            _sqliteWriter = new SemaphoreSlim(1, 1);
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
        // Pooled connections reopen the same native handle, which keeps its settings: set them once per handle
        // (four statements on every open were a measurable part of a message's cost).
        if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
        {
            await using var pragma = connection.CreateCommand();
            // WAL lets readers run beside the single writer; busy_timeout makes writers wait instead of failing;
            // mmap reads pages from the OS cache every pooled connection shares, not by a read call each into its own.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA mmap_size=268435456;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(handle, handle);
        }

        return connection;
    }

    /// <summary>Null when the database answers a query now; else what went wrong (it refuses connections, say).</summary>
    public async Task<Exception?> UnreachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return e;
        }
    }

    /// <summary>Begins a unit of work: one connection and one transaction, committed or rolled back together.</summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        // Opened before queueing for the writer, so the writer is held only for the transaction itself.
        var connection = await OpenAsync(cancellationToken);
        try
        {
            if (_sqliteWriter is not null && !await _sqliteWriter.WaitAsync(WriterWait, cancellationToken))
            {
                throw new TimeoutException($"No SQLite write transaction within {WriterWait.TotalSeconds:0} s: another unit of work in this process holds it.");
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new UnitOfWork(connection, transaction, _sqliteWriter);
        }
        catch
        {
            _sqliteWriter?.Release();
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Npgsql settings the hub's store wants unless the connection string names them. The hub's statements are few and
    /// run millions of times, so Npgsql prepares the frequent ones and the server skips parsing and planning them
    /// (<c>Max Auto Prepare=0</c> behind a pooler that cannot keep prepared statements). And a pooled connection is
    /// handed out again as it is (<c>No Reset On Close</c>): the store leaves no session state behind (no <c>SET</c>,
    /// no temporary tables, no <c>LISTEN</c>; the migrations' advisory lock is released in a <c>finally</c>), while
    /// the reset Npgsql would send otherwise is seven statements (<c>RESET ALL</c>, <c>CLOSE ALL</c>, …) on every
    /// reuse, that is on every unit of work. Both measured in <c>docs/benchmarks.md</c>.
    /// </summary>
    private static string WithPoolDefaults(string connectionString)
    {
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!named.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        if (!named.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Retention: deletes up to <paramref name="batchSize"/> rows of <paramref name="table"/> (keyed by
    /// <paramref name="key"/>, a column or a column list) whose <paramref name="stampedAt"/> is before
    /// <paramref name="before"/> and that match <paramref name="condition"/>, in a unit of work of its own, and returns
    /// how many went. Callers repeat while a whole batch went, so no statement holds a table, or SQLite's one writer,
    /// for long. Every argument but the times is one of the stores' constants, never input.
    /// </summary>
    public async Task<int> PurgeAsync(
        string table, string key, string stampedAt, DateTimeOffset before, int batchSize, string condition = "TRUE", CancellationToken cancellationToken = default)
    {
        await using var unitOfWork = await BeginAsync(cancellationToken);
        var deleted = await unitOfWork.Connection.ExecuteAsync(
            $"DELETE FROM {table} WHERE ({key}) IN (SELECT {key} FROM {table} WHERE {stampedAt} < @before AND {condition} LIMIT @batchSize)",
            new { before = UnixTime.Ms(before), batchSize },
            unitOfWork.Transaction);
        await unitOfWork.CommitAsync(cancellationToken);
        return deleted;
    }
}

/// <summary>A connection with an open transaction; disposing without <see cref="CommitAsync"/> rolls back.</summary>
public sealed class UnitOfWork(DbConnection connection, DbTransaction transaction, SemaphoreSlim? writer = null) : IAsyncDisposable
{
    private int _disposed;
    private int _writerReleased;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        ReleaseWriter(); // the next unit of work need not wait for this one's disposal
    }

    /// <summary>
    /// Runs <paramref name="sql"/> as the transaction's last statement and commits. On PostgreSQL the COMMIT goes in
    /// the same network batch, one round trip for both: when the statement fails the server skips the COMMIT, the
    /// exception comes back here, and disposing rolls back as after any failure.
    /// </summary>
    public async Task ExecuteAndCommitAsync(string sql, object parameters, CancellationToken cancellationToken = default)
    {
        if (Connection is NpgsqlConnection)
        {
            await Connection.ExecuteAsync(new CommandDefinition(sql + ";\nCOMMIT", parameters, Transaction, cancellationToken: cancellationToken));
            ReleaseWriter();
            return;
        }

        await Connection.ExecuteAsync(new CommandDefinition(sql, parameters, Transaction, cancellationToken: cancellationToken));
        await CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            ReleaseWriter();
            await Connection.DisposeAsync();
        }
    }

    private void ReleaseWriter()
    {
        if (writer is not null && Interlocked.Exchange(ref _writerReleased, 1) == 0)
        {
            writer.Release();
        }
    }
}
