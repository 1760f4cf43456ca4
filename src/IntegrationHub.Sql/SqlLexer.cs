using System.Text;

namespace IntegrationHub.Sql;

public enum TokenKind
{
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Parameter,
    Operator,
    Punctuation,
    End,
}

/// <param name="Text">For identifiers the unquoted name; for strings the unescaped value; otherwise the source text.</param>
public sealed record SqlToken(TokenKind Kind, string Text, int Start, int End)
{
    public bool Is(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind is TokenKind.Operator or TokenKind.Punctuation && Text == symbol;

    public override string ToString() => Kind == TokenKind.End ? "end of statement" : $"'{Text}'";
}

public sealed class SqlParseException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>Splits SQL text into tokens; comments and whitespace are dropped.</summary>
public static class SqlLexer
{
    private static readonly string[] Operators = ["||", "<=", ">=", "<>", "!=", "==", "::", "<<", ">>", "->>", "->", "=", "<", ">", "+", "-", "*", "/", "%", "&", "|", "~"];

    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        for (var i = SkipTrivia(sql, 0); i < sql.Length; i = SkipTrivia(sql, tokens[^1].End))
        {
            tokens.Add(ReadToken(sql, i));
        }

        tokens.Add(new SqlToken(TokenKind.End, "", sql.Length, sql.Length));
        return tokens;
    }

    /// <summary>Where the next token starts after whitespace and comments from <paramref name="i"/>.</summary>
    private static int SkipTrivia(string sql, int i)
    {
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else if (sql[i] == '-' && Peek(sql, i + 1) == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
            }
            else if (sql[i] == '/' && Peek(sql, i + 1) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw new SqlParseException("Unterminated comment.", i);
                i = end + 2;
            }
            else
            {
                return i;
            }
        }

        return i;
    }

    private static SqlToken ReadToken(string sql, int start)
    {
        var c = sql[start];
        var i = start;
        if (c == '\'' || ((c is 'E' or 'e') && Peek(sql, i + 1) == '\'' && !PrecededByWord(sql, i)))
        {
            if (c != '\'') throw new SqlParseException("Escape-string literals (E'…') are not accepted.", i);
            var value = ReadQuoted(sql, ref i, '\'');
            return new SqlToken(TokenKind.String, value, start, i);
        }

        if (c is '"' or '`')
        {
            var value = ReadQuoted(sql, ref i, c);
            return new SqlToken(TokenKind.QuotedIdentifier, value, start, i);
        }

        if (c == '[')
        {
            var end = sql.IndexOf(']', i + 1);
            if (end < 0) throw new SqlParseException("Unterminated [identifier].", i);
            return new SqlToken(TokenKind.QuotedIdentifier, sql[(i + 1)..end], start, end + 1);
        }

        if (char.IsDigit(c) || (c == '.' && char.IsDigit(Peek(sql, i + 1)))) return ReadNumber(sql, start);
        if (c is '@' or ':' or '$' or '?' && (c == '?' || IsWordChar(Peek(sql, i + 1))) && !(c == ':' && Peek(sql, i + 1) == ':'))
        {
            i++;
            while (i < sql.Length && IsWordChar(sql[i])) i++;
            return new SqlToken(TokenKind.Parameter, sql[start..i], start, i);
        }

        if (IsWordStart(c))
        {
            while (i < sql.Length && IsWordChar(sql[i])) i++;
            return new SqlToken(TokenKind.Identifier, sql[start..i], start, i);
        }

        if (c is '(' or ')' or ',' or ';' or '.') return new SqlToken(TokenKind.Punctuation, c.ToString(), start, i + 1);
        var op = Operators.FirstOrDefault(o => string.CompareOrdinal(sql, i, o, 0, o.Length) == 0)
            ?? throw new SqlParseException($"Unexpected character '{c}'.", i);
        return new SqlToken(TokenKind.Operator, op, start, i + op.Length);
    }

    private static SqlToken ReadNumber(string sql, int start)
    {
        var i = start;
        if (sql[i] == '0' && Peek(sql, i + 1) is 'x' or 'X')
        {
            i += 2;
            while (i < sql.Length && Uri.IsHexDigit(sql[i])) i++;
        }
        else
        {
            while (i < sql.Length && (char.IsDigit(sql[i]) || sql[i] == '.')) i++;
            if (i < sql.Length && sql[i] is 'e' or 'E' && (char.IsDigit(Peek(sql, i + 1)) || (Peek(sql, i + 1) is '+' or '-' && char.IsDigit(Peek(sql, i + 2)))))
            {
                i += 2;
                while (i < sql.Length && char.IsDigit(sql[i])) i++;
            }
        }

        if (i < sql.Length && IsWordChar(sql[i])) throw new SqlParseException($"Malformed number near '{sql[start..Math.Min(sql.Length, i + 1)]}'.", start);
        return new SqlToken(TokenKind.Number, sql[start..i], start, i);
    }

    private static string ReadQuoted(string sql, ref int i, char quote)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= sql.Length) throw new SqlParseException("Unterminated quoted text.", start);
            if (sql[i] == quote)
            {
                if (Peek(sql, i + 1) == quote)
                {
                    value.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return value.ToString();
            }

            value.Append(sql[i]);
            i++;
        }
    }

    private static bool PrecededByWord(string sql, int i) => i > 0 && IsWordChar(sql[i - 1]);

    private static char Peek(string s, int i) => i < s.Length ? s[i] : '\0';

    private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_' || c > 0x7f && !char.IsWhiteSpace(c) && !char.IsPunctuation(c) && !char.IsSymbol(c);

    private static bool IsWordChar(char c) => IsWordStart(c) || char.IsDigit(c) || c == '$';
}
