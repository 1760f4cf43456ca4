namespace IntegrationHub.Sql;

/// <summary>The tables of each dialect that describe the database itself (schema, settings, users), never data to query.</summary>
internal static class SystemCatalog
{
    public static bool Contains(string dialect, string? schema, string table)
    {
        if (string.Equals(dialect, "postgresql", StringComparison.OrdinalIgnoreCase))
        {
            return schema is not null
                ? schema.Equals("pg_catalog", StringComparison.OrdinalIgnoreCase) || schema.Equals("information_schema", StringComparison.OrdinalIgnoreCase)
                    || schema.StartsWith("pg_", StringComparison.OrdinalIgnoreCase)
                : table.StartsWith("pg_", StringComparison.OrdinalIgnoreCase);
        }

        return table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)
            || (schema is not null && schema.Equals("sqlite_schema", StringComparison.OrdinalIgnoreCase));
    }
}
