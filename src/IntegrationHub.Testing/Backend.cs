namespace IntegrationHub.Testing;

/// <summary>The two ways the hub runs: embedded (in-memory bus, SQLite) and production (RabbitMQ, PostgreSQL).</summary>
public enum Backend
{
    InMemorySqlite,
    RabbitMqPostgres,
}
