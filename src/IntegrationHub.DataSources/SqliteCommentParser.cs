using System.Text;

namespace IntegrationHub.DataSources;

/// <summary>
/// Reads descriptions from the <c>--</c> comments of a <c>CREATE TABLE</c> text as SQLite keeps it in
/// <c>sqlite_master.sql</c>. A comment on the line of a column definition (before or after its comma) describes
/// that column; a comment before the first definition (on the <c>CREATE TABLE … (</c> line or on its own line)
/// describes the table. Quotes and nested parentheses are respected.
/// </summary>
internal static class SqliteCommentParser
{
    public sealed record Result(string? TableDescription, IReadOnlyDictionary<string, string> Columns);

    public static Result Parse(string createSql)
    {
        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? table = null;
        var depth = 0;
        var line = 0;
        var current = new StringBuilder();
        var currentLine = -1;
        string? lastName = null;
        var lastEndLine = -1;
        var i = 0;
        var s = createSql;

        void Finish()
        {
            var name = FirstIdentifier(current.ToString());
            if (name is not null && !IsConstraintKeyword(name))
            {
                lastName = name;
                lastEndLine = line;
            }
            else
            {
                lastName = null;
                lastEndLine = line;
            }

            current.Clear();
            currentLine = -1;
        }

        void Attach(string text)
        {
            text = text.Trim();
            if (text.Length == 0)
            {
                return;
            }

            var pending = FirstIdentifier(current.ToString());
            if (depth >= 1 && pending is not null && !IsConstraintKeyword(pending))
            {
                Append(pending, text);
            }
            else if (depth >= 1 && pending is null && lastName is not null && lastEndLine == line)
            {
                Append(lastName, text);
            }
            else if (pending is null && lastEndLine < 0)
            {
                table = table is null ? text : $"{table} {text}";
            }
        }

        void Append(string name, string text) => columns[name] = columns.TryGetValue(name, out var had) ? $"{had} {text}" : text;

        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\n')
            {
                line++;
                if (depth >= 1) current.Append(' ');
                i++;
                continue;
            }

            if (c == '-' && i + 1 < s.Length && s[i + 1] == '-')
            {
                var end = s.IndexOf('\n', i);
                if (end < 0) end = s.Length;
                Attach(s[(i + 2)..end]);
                i = end;
                continue;
            }

            if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? s.Length : end + 2;
                line += s.AsSpan(i, end - i).Count('\n');
                i = end;
                continue;
            }

            if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var j = i + 1;
                while (j < s.Length)
                {
                    if (s[j] == close)
                    {
                        if (close != ']' && j + 1 < s.Length && s[j + 1] == close)
                        {
                            j += 2;
                            continue;
                        }

                        break;
                    }

                    if (s[j] == '\n') line++;
                    j++;
                }

                if (depth >= 1) current.Append(s, i, Math.Min(j + 1, s.Length) - i);
                i = j + 1;
                continue;
            }

            if (c == '(')
            {
                depth++;
                if (depth > 1) current.Append(c);
                i++;
                continue;
            }

            if (c == ')')
            {
                if (depth > 1) current.Append(c);
                depth--;
                if (depth == 0) Finish();
                i++;
                continue;
            }

            if (c == ',' && depth == 1)
            {
                Finish();
                i++;
                continue;
            }

            if (depth >= 1)
            {
                if (currentLine < 0 && !char.IsWhiteSpace(c)) currentLine = line;
                current.Append(c);
            }

            i++;
        }

        return new Result(table, columns);
    }

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
