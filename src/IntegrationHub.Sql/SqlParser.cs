namespace IntegrationHub.Sql;

/// <summary>The text is not a query at all (an INSERT, a PRAGMA, two statements…).</summary>
public sealed class NotAQueryException(string message) : Exception(message);

/// <summary>
/// A recursive-descent parser for the read-only subset of SQLite and PostgreSQL SQL: one
/// <c>[WITH …] SELECT … [UNION …] [ORDER BY …] [LIMIT …]</c> statement. Anything it does not know is a parse error,
/// so what passes is exactly what the validator has seen.
/// </summary>
public sealed partial class SqlParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "JOIN", "LEFT", "RIGHT",
        "FULL", "INNER", "OUTER", "CROSS", "NATURAL", "ON", "USING", "AS", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "GLOB", "ILIKE",
        "REGEXP", "MATCH", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "EXISTS", "DISTINCT", "ALL", "WITH", "VALUES", "ASC",
        "DESC", "COLLATE", "ESCAPE", "FILTER", "OVER", "WINDOW", "FETCH", "INTO", "SET", "RETURNING", "ISNULL", "NOTNULL", "INSERT", "UPDATE",
        "DELETE", "DROP", "CREATE", "ALTER", "TABLE", "PRAGMA", "ATTACH", "DETACH", "GRANT", "REVOKE", "TRUNCATE", "COPY", "BEGIN", "COMMIT",
        "ROLLBACK", "VACUUM", "REINDEX", "ANALYZE", "EXPLAIN", "REPLACE", "UPSERT", "MERGE", "CALL", "DO", "LOCK", "LISTEN", "NOTIFY", "PARTITION",
    };

    private static readonly HashSet<string> QueryStarts = new(StringComparer.OrdinalIgnoreCase) { "SELECT", "WITH", "VALUES" };

    private readonly List<SqlToken> _tokens;
    private int _pos;

    private SqlParser(string sql)
    {
        _tokens = SqlLexer.Tokenize(sql);
    }

    /// <summary>Parses exactly one query; a trailing semicolon is allowed, anything after it is not.</summary>
    public static QueryStatement Parse(string sql)
    {
        var parser = new SqlParser(sql);
        var first = parser.Current;
        if (first.Kind == TokenKind.End)
        {
            throw new NotAQueryException("The SQL is empty.");
        }

        if (!(first.Kind == TokenKind.Identifier && QueryStarts.Contains(first.Text)) && !first.IsSymbol("("))
        {
            throw new NotAQueryException($"Only a SELECT (or WITH … SELECT) query is allowed; this statement starts with '{first.Text}'.");
        }

        var query = parser.ParseQuery();
        if (parser.Current.IsSymbol(";"))
        {
            parser._pos++;
        }

        if (parser.Current.Kind != TokenKind.End)
        {
            if (parser._tokens[parser._pos - 1].IsSymbol(";"))
            {
                throw new NotAQueryException("Only one statement may be run at a time.");
            }

            throw new SqlParseException($"Unexpected {parser.Current} after the end of the query.", parser.Current.Start);
        }

        return query;
    }

    private SqlToken Current => _tokens[_pos];

    private SqlToken PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private int LastEnd => _pos > 0 ? _tokens[_pos - 1].End : 0;

    private bool Accept(string keyword)
    {
        if (Current.Is(keyword))
        {
            _pos++;
            return true;
        }

        return false;
    }

    /// <summary>The SQL standard's field after an interval literal (<c>INTERVAL '70' DAY</c>, <c>'1-2' YEAR TO MONTH</c>).</summary>
    private void AcceptIntervalQualifier()
    {
        string[] fields = ["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"];
        if (fields.Any(Accept) && Accept("TO"))
        {
            _ = fields.Any(Accept);
        }
    }

    private bool AcceptSymbol(string symbol)
    {
        if (Current.IsSymbol(symbol))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(string keyword)
    {
        if (!Accept(keyword)) throw Error($"Expected {keyword.ToUpperInvariant()} but found {Current}.");
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol)) throw Error($"Expected '{symbol}' but found {Current}.");
    }

    private SqlParseException Error(string message) => new(message, Current.Start);

    private bool AtQueryStart(int offset = 0) => PeekAt(offset).Kind == TokenKind.Identifier && QueryStarts.Contains(PeekAt(offset).Text);

    private string ExpectName()
    {
        var t = Current;
        if (t.Kind == TokenKind.QuotedIdentifier || (t.Kind == TokenKind.Identifier && !Reserved.Contains(t.Text)))
        {
            _pos++;
            return t.Text;
        }

        throw Error($"Expected a name but found {t}.");
    }

    private bool AtName => Current.Kind == TokenKind.QuotedIdentifier || (Current.Kind == TokenKind.Identifier && !Reserved.Contains(Current.Text));

    private SqlToken Next() => _tokens[_pos++];
}
