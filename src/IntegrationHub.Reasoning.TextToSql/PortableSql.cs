using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Units of <see cref="PortableSql.Elapsed"/>: how many of them make a day.</summary>
public enum ElapsedUnit
{
    Days = 1,
    Hours = 24,
    Minutes = 1440,
}

/// <summary>
/// Dialect-neutral functions a semantic layer may use where SQLite and PostgreSQL differ, rendered for the
/// catalog's dialect before the engine (or a model's prompt) sees the layer:
/// <c>DAYS_BETWEEN(start, end)</c>, <c>HOURS_BETWEEN(start, end)</c>, <c>MINUTES_BETWEEN(start, end)</c>
/// (fractional, end − start), and <c>YEAR_OF(t)</c>, <c>MONTH_OF(t)</c>, <c>DATE_OF(t)</c> (<c>YYYY</c>, <c>YYYY-MM</c>,
/// <c>YYYY-MM-DD</c> text). Arguments may be any SQL, including other portable functions; everything else passes through.
/// </summary>
public static class PortableSql
{
    /// <summary>The layer with every expression, filter, condition and join rendered for <paramref name="catalog"/>'s dialect.</summary>
    public static SemanticLayer ForCatalog(SemanticLayer layer, DatabaseCatalog catalog)
    {
        var temporal = catalog.Tables
            .SelectMany(t => t.Columns.Where(c => IsTemporalType(c.DataType)).Select(c => $"{t.Name}.{c.Name}"))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        string R(string sql) => Render(sql, catalog.Dialect, temporal.Contains);
        return layer with
        {
            Metrics = layer.Metrics.Select(m => m with { Expression = R(m.Expression), Filter = m.Filter is null ? null : R(m.Filter) }).ToList(),
            Dimensions = layer.Dimensions.Select(d => d with { Expression = R(d.Expression) }).ToList(),
            Filters = layer.Filters.Select(f => f with { Condition = R(f.Condition) }).ToList(),
            Joins = layer.Joins?.Select(j => j with { On = R(j.On) }).ToList(),
        };
    }

    /// <summary>
    /// <paramref name="sql"/> with the portable functions replaced by <paramref name="dialect"/>'s SQL.
    /// <paramref name="isTemporalType"/> tells which operands (as written, e.g. <c>outage.start_at</c>) already have a
    /// date/time type in PostgreSQL; the others are text and get cast.
    /// </summary>
    public static string Render(string sql, string? dialect, Func<string, bool>? isTemporalType = null)
    {
        if (!sql.Contains('_')) return sql;
        var postgres = IsPostgres(dialect);
        isTemporalType ??= _ => false;
        var sb = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var ch = sql[i];
            if (ch is '\'' or '"')
            {
                var close = sql.IndexOf(ch, i + 1);
                close = close < 0 ? sql.Length - 1 : close;
                sb.Append(sql, i, close - i + 1);
                i = close + 1;
                continue;
            }

            if (IsWordStart(ch) && (i == 0 || !IsWordPart(sql[i - 1])))
            {
                var end = i;
                while (end < sql.Length && IsWordPart(sql[end])) end++;
                var name = sql[i..end].ToUpperInvariant();
                var open = end;
                while (open < sql.Length && char.IsWhiteSpace(sql[open])) open++;
                if (Arity(name) is { } arity && open < sql.Length && sql[open] == '(' && Arguments(sql, open) is { } call && call.Args.Count == arity)
                {
                    var args = call.Args.Select(a => Render(a, dialect, isTemporalType)).ToList();
                    sb.Append(Function(name, args, postgres, isTemporalType));
                    i = call.End + 1;
                    continue;
                }

                sb.Append(sql, i, end - i);
                i = end;
                continue;
            }

            sb.Append(ch);
            i++;
        }

        return sb.ToString();
    }

    /// <summary>The fractional time from <paramref name="start"/> to <paramref name="end"/> in <paramref name="unit"/>.</summary>
    public static string Elapsed(ElapsedUnit unit, string start, string end, string? dialect, bool startTyped = false, bool endTyped = false)
    {
        var perDay = (int)unit;
        if (!IsPostgres(dialect)) return $"(julianday({end}) - julianday({start})) * {perDay}";
        string Ts(string operand, bool typed) => typed ? operand : $"CAST({operand} AS timestamp)";
        var seconds = (86400.0 / perDay).ToString("0.###", CultureInfo.InvariantCulture);
        return $"EXTRACT(EPOCH FROM ({Ts(end, endTyped)} - {Ts(start, startTyped)})) / {seconds}";
    }

    /// <summary>True for column types PostgreSQL (or SQLite by declaration) treats as dates or times.</summary>
    public static bool IsTemporalType(string dataType)
    {
        var type = dataType.ToLowerInvariant();
        return type.Contains("date") || type.Contains("time");
    }

    private static bool IsPostgres(string? dialect) => string.Equals(dialect, SqlDialects.PostgreSql, StringComparison.OrdinalIgnoreCase);

    private static int? Arity(string name) => name switch
    {
        "DAYS_BETWEEN" or "HOURS_BETWEEN" or "MINUTES_BETWEEN" => 2,
        "YEAR_OF" or "MONTH_OF" or "DATE_OF" => 1,
        _ => null,
    };

    private static string Function(string name, List<string> a, bool postgres, Func<string, bool> typed)
    {
        var dialect = postgres ? SqlDialects.PostgreSql : SqlDialects.Sqlite;
        return name switch
        {
            "DAYS_BETWEEN" => "(" + Elapsed(ElapsedUnit.Days, a[0], a[1], dialect, typed(a[0]), typed(a[1])) + ")",
            "HOURS_BETWEEN" => "(" + Elapsed(ElapsedUnit.Hours, a[0], a[1], dialect, typed(a[0]), typed(a[1])) + ")",
            "MINUTES_BETWEEN" => "(" + Elapsed(ElapsedUnit.Minutes, a[0], a[1], dialect, typed(a[0]), typed(a[1])) + ")",
            _ => Prefix(a[0], name switch { "YEAR_OF" => 4, "MONTH_OF" => 7, _ => 10 }, postgres, typed(a[0])),
        };
    }

    /// <summary>The first <paramref name="length"/> characters of the ISO text of a date/time (text columns hold ISO text already).</summary>
    private static string Prefix(string operand, int length, bool postgres, bool typed)
    {
        if (!postgres) return $"substr({operand}, 1, {length})";
        if (typed) return $"to_char({operand}, '{(length == 4 ? "YYYY" : length == 7 ? "YYYY-MM" : "YYYY-MM-DD")}')";
        return $"substr(CAST({operand} AS text), 1, {length})";
    }

    /// <summary>The top-level arguments of the call whose '(' is at <paramref name="open"/>, and where its ')' is.</summary>
    private static (List<string> Args, int End)? Arguments(string sql, int open)
    {
        var args = new List<string>();
        var depth = 0;
        var start = open + 1;
        for (var i = open; i < sql.Length; i++)
        {
            var ch = sql[i];
            if (ch is '\'' or '"')
            {
                var close = sql.IndexOf(ch, i + 1);
                if (close < 0) return null;
                i = close;
            }
            else if (ch == '(') depth++;
            else if (ch == ')' && --depth == 0)
            {
                args.Add(sql[start..i].Trim());
                return (args.Where(x => x.Length > 0).ToList(), i);
            }
            else if (ch == ',' && depth == 1)
            {
                args.Add(sql[start..i].Trim());
                start = i + 1;
            }
        }

        return null;
    }

    private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsWordPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.';
}
