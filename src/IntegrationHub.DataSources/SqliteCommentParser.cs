using System.Text;

namespace IntegrationHub.DataSources;

/// <summary>
/// Reads descriptions from the <c>--</c> comments of a <c>CREATE TABLE</c> text as SQLite keeps it in
/// <c>sqlite_master.sql</c>. A comment on the line of a column definition (before or after its comma) describes
/// that column; a comment before the first definition (on the <c>CREATE TABLE … (</c> line or on its own line)
/// describes the table. Quotes and nested parentheses are respected.
/// </summary>
internal sealed class SqliteCommentParser
{
    public sealed record Result(string? TableDescription, IReadOnlyDictionary<string, string> Columns);

    private readonly string _sql;
    private readonly Dictionary<string, string> _columns = new(StringComparer.OrdinalIgnoreCase);
    private readonly StringBuilder _definition = new();
    private string? _table;
    private int _depth;
    private int _line;
    private string? _lastColumn;
    private int _lastEndLine = -1;

    private SqliteCommentParser(string sql) => _sql = sql;

    public static Result Parse(string createSql)
    {
        var parser = new SqliteCommentParser(createSql);
        var i = 0;
        while (i < createSql.Length) i = parser.Step(i);
        return new Result(parser._table, parser._columns);
    }

    /// <summary>Reads what starts at <paramref name="i"/> and returns where the next thing starts.</summary>
    private int Step(int i)
    {
        var c = _sql[i];
        var next = i + 1 < _sql.Length ? _sql[i + 1] : '\0';
        switch (c)
        {
            case '\n':
                _line++;
                if (_depth >= 1) _definition.Append(' ');
                return i + 1;
            case '-' when next == '-':
                return LineComment(i);
            case '/' when next == '*':
                return BlockComment(i);
            case '\'' or '"' or '`' or '[':
                return Quoted(i);
            case '(':
                _depth++;
                if (_depth > 1) _definition.Append(c);
                return i + 1;
            case ')':
                if (_depth > 1) _definition.Append(c);
                _depth--;
                if (_depth == 0) FinishDefinition();
                return i + 1;
            case ',' when _depth == 1:
                FinishDefinition();
                return i + 1;
            default:
                if (_depth >= 1) _definition.Append(c);
                return i + 1;
        }
    }

    private int LineComment(int i)
    {
        var end = _sql.IndexOf('\n', i);
        if (end < 0) end = _sql.Length;
        Attach(_sql[(i + 2)..end]);
        return end;
    }

    private int BlockComment(int i)
    {
        var end = _sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
        end = end < 0 ? _sql.Length : end + 2;
        _line += _sql.AsSpan(i, end - i).Count('\n');
        return end;
    }

    private int Quoted(int i)
    {
        var close = _sql[i] == '[' ? ']' : _sql[i];
        var j = i + 1;
        while (j < _sql.Length)
        {
            if (_sql[j] == close)
            {
                var doubled = close != ']' && j + 1 < _sql.Length && _sql[j + 1] == close;
                if (!doubled) break;
                j += 2;
                continue;
            }

            if (_sql[j] == '\n') _line++;
            j++;
        }

        if (_depth >= 1) _definition.Append(_sql, i, Math.Min(j + 1, _sql.Length) - i);
        return j + 1;
    }

    private void FinishDefinition()
    {
        var name = FirstIdentifier(_definition.ToString());
        _lastColumn = name is not null && !IsConstraintKeyword(name) ? name : null;
        _lastEndLine = _line;
        _definition.Clear();
    }

    /// <summary>A comment belongs to the definition being read, else to the one that ended on its line, else (before any) to the table.</summary>
    private void Attach(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return;

        var pending = FirstIdentifier(_definition.ToString());
        if (_depth >= 1 && pending is not null && !IsConstraintKeyword(pending))
        {
            Append(pending, text);
        }
        else if (_depth >= 1 && pending is null && _lastColumn is not null && _lastEndLine == _line)
        {
            Append(_lastColumn, text);
        }
        else if (pending is null && _lastEndLine < 0)
        {
            _table = _table is null ? text : $"{_table} {text}";
        }
    }

    private void Append(string name, string text) => _columns[name] = _columns.TryGetValue(name, out var had) ? $"{had} {text}" : text;

    private static bool IsConstraintKeyword(string word) =>
        word.ToUpperInvariant() is "PRIMARY" or "FOREIGN" or "UNIQUE" or "CHECK" or "CONSTRAINT";

    private static string? FirstIdentifier(string definition)
    {
        var d = definition.TrimStart();
        if (d.Length == 0) return null;
        if (d[0] is '"' or '`' or '[')
        {
            var close = d[0] == '[' ? ']' : d[0];
            var end = d.IndexOf(close, 1);
            return end > 0 ? d[1..end] : d[1..];
        }

        var n = 0;
        while (n < d.Length && !char.IsWhiteSpace(d[n]) && d[n] != '(') n++;
        return n == 0 ? null : d[..n];
    }
}
