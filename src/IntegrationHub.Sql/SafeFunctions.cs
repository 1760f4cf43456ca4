namespace IntegrationHub.Sql;

/// <summary>
/// Functions a read-only query may call: aggregates, window functions and pure scalars of SQLite and PostgreSQL.
/// An allow-list, so what is not here (pg_sleep, load_extension, readfile, dblink, set_config, nextval …) is refused.
/// </summary>
public static class SafeFunctions
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        // aggregates
        "count", "sum", "avg", "min", "max", "total", "group_concat", "string_agg", "array_agg", "stddev", "stddev_pop", "stddev_samp",
        "variance", "var_pop", "var_samp", "bool_and", "bool_or", "every", "percentile_cont", "percentile_disc", "mode", "median",
        // windows
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
        // scalars
        "abs", "round", "ceil", "ceiling", "floor", "trunc", "sign", "power", "pow", "sqrt", "exp", "ln", "log", "log10", "mod", "div", "pi",
        "coalesce", "ifnull", "nullif", "iif", "greatest", "least", "typeof",
        "lower", "upper", "length", "char_length", "character_length", "octet_length", "substr", "substring", "trim", "ltrim", "rtrim",
        "btrim", "replace", "instr", "position", "strpos", "left", "right", "lpad", "rpad", "concat", "concat_ws", "split_part", "printf",
        "format", "to_char", "to_number", "to_date", "to_timestamp", "initcap", "reverse", "repeat", "unicode", "char", "hex", "quote",
        "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff",
        "date_trunc", "date_part", "age", "now", "make_date", "make_timestamp", "justify_days", "justify_hours",
    };

    public static bool Allows(string name) => Names.Contains(name);
}
