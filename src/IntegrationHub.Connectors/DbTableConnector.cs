using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using IntegrationHub.Contracts.Connectors;
using IntegrationHub.Contracts.Events.Hub;
using Microsoft.Data.Sqlite;
using Npgsql;
using Polly;

namespace IntegrationHub.Connectors;

/// <summary>
/// <c>db-table</c>: writes one row per delivery into a staging interface table of an ERP database (the usual
/// SAP/Kingdee/Yonyou integration pattern), through Dapper on SQLite or PostgreSQL. The idempotency key goes into a
/// unique column, so a repeated delivery inserts nothing (<c>ON CONFLICT DO NOTHING</c>). The target's status column
/// is polled back (<see cref="PollChangesAsync"/>) and changes are reported as <see cref="InterfaceRowChanged"/>, with
/// the target's own status code: what it means is for the plugin that owns the connector to say.
/// </summary>
public sealed partial class DbTableConnector : IConnector
{
    private readonly string _name;
    private readonly ConnectorOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, string?> _lastStatus = new();

    public DbTableConnector(string name, ConnectorOptions options, TimeProvider time)
    {
        _name = name;
        _options = options;
        _time = time;
        if (string.IsNullOrEmpty(options.ConnectionString) || string.IsNullOrEmpty(options.Table))
        {
            throw new InvalidOperationException($"Connector '{name}' (db-table) needs ConnectionString and Table.");
        }

        foreach (var identifier in new[] { options.Table, options.KeyColumn, options.StatusColumn, options.CorrelationColumn, options.ExternalIdColumn }
                     .Concat(options.Columns.Keys).OfType<string>())
        {
            if (!Identifier().IsMatch(identifier))
            {
                throw new InvalidOperationException($"Connector '{name}': '{identifier}' is not a plain table or column name.");
            }
        }

        _pipeline = ConnectorResilience.Database(options, IsTransient, time);
    }

    public string Name => _name;

    public TimeSpan? PollInterval => _options.StatusColumn is null ? null : _options.PollInterval;

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial Regex Identifier();

    public async Task<DeliveryResult> DeliverAsync(OutboxDelivery delivery, CancellationToken ct)
    {
        var columns = new List<string> { _options.KeyColumn };
        var parameters = new DynamicParameters();
        parameters.Add("p0", delivery.IdempotencyKey);
        foreach (var (column, expression) in _options.Columns)
        {
            parameters.Add($"p{columns.Count}", JsonTemplate.AsParameter(JsonTemplate.Evaluate(delivery.Payload, expression)));
            columns.Add(column);
        }

        var insert = $"INSERT INTO {_options.Table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))}) ON CONFLICT ({_options.KeyColumn}) DO NOTHING";
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                await using var connection = Open();
                await connection.OpenAsync(token);
                var inserted = await connection.ExecuteAsync(new CommandDefinition(insert, parameters, cancellationToken: token));
                var externalId = _options.ExternalIdColumn is null
                    ? delivery.IdempotencyKey
                    : await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                        $"SELECT {_options.ExternalIdColumn} FROM {_options.Table} WHERE {_options.KeyColumn} = @key", new { key = delivery.IdempotencyKey }, cancellationToken: token)) ?? delivery.IdempotencyKey;
                return DeliveryResult.Success(externalId, response: inserted == 1 ? "inserted" : "duplicate: row already present");
            }, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is DbException && !IsTransient(e))
        {
            return DeliveryResult.Rejected($"{_name}: {e.Message}", response: e.Message);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return DeliveryResult.Transient($"{_name}: {ConnectorResilience.Describe(e)}");
        }
    }

    /// <summary>
    /// Reads the status column and returns the rows whose status changed since the last poll (a row never seen before
    /// counts as changed unless it still has <see cref="ConnectorOptions.InitialStatus"/>).
    /// </summary>
    public async Task<IReadOnlyList<InterfaceRowChanged>> PollChangesAsync(CancellationToken ct)
    {
        if (_options.StatusColumn is null)
        {
            return [];
        }

        var select = $"SELECT {_options.KeyColumn} AS k, {_options.CorrelationColumn ?? _options.KeyColumn} AS c, {_options.ExternalIdColumn ?? _options.KeyColumn} AS e, {_options.StatusColumn} AS s FROM {_options.Table}";
        var rows = await _pipeline.ExecuteAsync(async token =>
        {
            await using var connection = Open();
            await connection.OpenAsync(token);
            return (await connection.QueryAsync<(string k, string? c, string? e, string? s)>(new CommandDefinition(select, cancellationToken: token))).ToList();
        }, ct);

        var changes = new List<InterfaceRowChanged>();
        var now = _time.GetUtcNow();
        foreach (var (key, correlation, external, status) in rows)
        {
            var previous = _lastStatus.TryGetValue(key, out var seen) ? seen : _options.InitialStatus;
            _lastStatus[key] = status;
            if (status is null || string.Equals(previous, status, StringComparison.Ordinal))
            {
                continue;
            }

            changes.Add(new InterfaceRowChanged(_name, _options.Table!, key, status, now, previous,
                _options.CorrelationColumn is null ? null : correlation, _options.ExternalIdColumn is null ? null : external));
        }

        return changes;
    }

    private DbConnection Open() => _options.Provider.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase) || _options.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
        ? new NpgsqlConnection(_options.ConnectionString)
        : new SqliteConnection(_options.ConnectionString);

    private static bool IsTransient(Exception e) => e switch
    {
        SqliteException s => s.SqliteErrorCode is 5 or 6 or 10 or 14, // busy, locked, I/O error, cannot open
        NpgsqlException n => n.IsTransient,
        TimeoutException => true,
        System.Net.Sockets.SocketException => true,
        _ => false,
    };
}
