namespace IntegrationHub.Sql;

public sealed partial class SqlParser
{
    private SqlExpr ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Number:
                _pos++;
                return new LiteralExpr(t.Start, t.End, LiteralKind.Number, t.Text);
            case TokenKind.String:
                _pos++;
                return new LiteralExpr(t.Start, t.End, LiteralKind.String, t.Text);
            case TokenKind.Parameter:
                _pos++;
                return new ParameterExpr(t.Start, t.End, t.Text);
            case TokenKind.Punctuation when t.Text == "(":
                return ParseParenthesized();
            case TokenKind.Identifier when ParseKeywordExpr(t) is { } keywordExpr:
                return keywordExpr;
            case TokenKind.Identifier when Reserved.Contains(t.Text) && !(PeekAt(1).IsSymbol("(") && t.Text.ToUpperInvariant() is "REPLACE" or "LEFT" or "RIGHT"):
                throw Error($"Unexpected keyword {t.Text.ToUpperInvariant()}.");
            case TokenKind.Identifier or TokenKind.QuotedIdentifier:
                return ParseNameOrFunction(t);
            default:
                throw Error($"Unexpected {t}.");
        }
    }

    /// <summary>A sub-query, a parenthesised expression or a row value.</summary>
    private SqlExpr ParseParenthesized()
    {
        var start = Current.Start;
        _pos++;
        if (AtQueryStart() || (Current.IsSymbol("(") && LooksLikeQueryInParens()))
        {
            var query = ParseQuery();
            ExpectSymbol(")");
            return new SubqueryExpr(start, LastEnd, query);
        }

        var list = ParseExprList();
        ExpectSymbol(")");
        return new OperatorExpr(start, LastEnd, list.Count == 1 ? "()" : "ROW", list);
    }

    /// <summary>An expression a keyword starts (NULL, typed literals, CASE, CAST, EXTRACT, EXISTS); null when the word starts none.</summary>
    private SqlExpr? ParseKeywordExpr(SqlToken t)
    {
        var word = t.Text.ToUpperInvariant();
        switch (word)
        {
            case "NULL":
                _pos++;
                return new LiteralExpr(t.Start, t.End, LiteralKind.Null, "NULL");
            case "TRUE" or "FALSE":
                _pos++;
                return new LiteralExpr(t.Start, t.End, LiteralKind.Boolean, word);
            case "CURRENT_DATE" or "CURRENT_TIME" or "CURRENT_TIMESTAMP" or "LOCALTIME" or "LOCALTIMESTAMP":
                _pos++;
                return new LiteralExpr(t.Start, t.End, LiteralKind.Keyword, word);
            case "DATE" or "TIME" or "TIMESTAMP" or "INTERVAL" when PeekAt(1).Kind == TokenKind.String:
                _pos += 2;
                var value = _tokens[_pos - 1].Text;
                if (word == "INTERVAL") AcceptIntervalQualifier();
                return new TypedLiteralExpr(t.Start, LastEnd, word, value);
            case "CASE":
                return ParseCase();
            case "CAST":
                return ParseCast();
            case "EXTRACT" when PeekAt(1).IsSymbol("("):
                return ParseExtract();
            case "EXISTS":
                return ParseExists();
            default:
                return null;
        }
    }

    private SqlExpr ParseCast()
    {
        var start = Next().Start;
        ExpectSymbol("(");
        var operand = ParseExpr();
        Expect("AS");
        ParseTypeName();
        ExpectSymbol(")");
        return new OperatorExpr(start, LastEnd, "CAST", [operand]);
    }

    private SqlExpr ParseExtract()
    {
        var start = Next().Start;
        _pos++;
        ExpectName();
        Expect("FROM");
        var operand = ParseExpr();
        ExpectSymbol(")");
        return new OperatorExpr(start, LastEnd, "EXTRACT", [operand]);
    }

    private SqlExpr ParseExists()
    {
        var start = Next().Start;
        var queryStart = Current.Start;
        ExpectSymbol("(");
        if (!AtQueryStart()) throw Error("Expected a query after EXISTS.");
        var query = ParseQuery();
        ExpectSymbol(")");
        return new OperatorExpr(start, LastEnd, "EXISTS", [new SubqueryExpr(queryStart, LastEnd, query)]);
    }

    /// <summary>A function call, or a column name of up to three parts (schema.table.column).</summary>
    private SqlExpr ParseNameOrFunction(SqlToken t)
    {
        _pos++;
        if (Current.IsSymbol("(")) return ParseFunction(t, t.Start);
        var parts = new List<string> { t.Text };
        while (Current.IsSymbol(".") && (PeekAt(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            _pos++;
            parts.Add(Next().Text);
        }

        if (parts.Count > 3) throw Error("Too many name parts.");
        return new ColumnExpr(t.Start, LastEnd, parts);
    }

    private SqlExpr ParseFunction(SqlToken name, int start)
    {
        ExpectSymbol("(");
        var args = new List<SqlExpr>();
        var star = false;
        var distinct = false;
        if (AcceptSymbol("*"))
        {
            star = true;
        }
        else if (!Current.IsSymbol(")"))
        {
            distinct = Accept("DISTINCT");
            if (!distinct) Accept("ALL");
            args = ParseExprList();
            if (Accept("ORDER"))
            {
                Expect("BY");
                args.AddRange(ParseOrderTerms().Select(o => o.Expr));
            }
        }

        ExpectSymbol(")");
        SqlExpr? filter = null;
        if (Accept("FILTER"))
        {
            ExpectSymbol("(");
            Expect("WHERE");
            filter = ParseExpr();
            ExpectSymbol(")");
        }

        WindowSpec? over = null;
        string? overName = null;
        if (Accept("OVER"))
        {
            if (Current.IsSymbol("(")) over = ParseWindowSpec();
            else overName = ExpectName();
        }

        return new FunctionExpr(start, LastEnd, name.Text, args, star, distinct, filter, over, overName);
    }

    private WindowSpec ParseWindowSpec()
    {
        var start = Current.Start;
        ExpectSymbol("(");
        if (AtName && !Current.Is("ROWS") && !Current.Is("RANGE") && !Current.Is("GROUPS")) ExpectName();
        var partition = new List<SqlExpr>();
        if (Accept("PARTITION"))
        {
            Expect("BY");
            partition = ParseExprList();
        }

        var order = new List<OrderTerm>();
        if (Accept("ORDER"))
        {
            Expect("BY");
            order = ParseOrderTerms();
        }

        var frame = new List<SqlExpr>();
        if (Accept("ROWS") || Accept("RANGE") || Accept("GROUPS"))
        {
            var between = Accept("BETWEEN");
            ParseFrameBound(frame);
            if (between)
            {
                Expect("AND");
                ParseFrameBound(frame);
            }

            if (Accept("EXCLUDE"))
            {
                if (Accept("NO")) Expect("OTHERS");
                else if (Accept("CURRENT")) Expect("ROW");
                else if (!Accept("GROUP")) Expect("TIES");
            }
        }

        ExpectSymbol(")");
        return new WindowSpec(start, LastEnd, partition, order, frame);
    }

    private void ParseFrameBound(List<SqlExpr> frame)
    {
        if (Accept("UNBOUNDED"))
        {
            if (!Accept("PRECEDING")) Expect("FOLLOWING");
        }
        else if (Accept("CURRENT"))
        {
            Expect("ROW");
        }
        else
        {
            frame.Add(ParseBitwise());
            if (!Accept("PRECEDING")) Expect("FOLLOWING");
        }
    }

    private SqlExpr ParseCase()
    {
        var start = Current.Start;
        _pos++;
        var operands = new List<SqlExpr>();
        if (!Current.Is("WHEN")) operands.Add(ParseExpr());
        if (!Current.Is("WHEN")) throw Error("Expected WHEN in CASE.");
        while (Accept("WHEN"))
        {
            operands.Add(ParseExpr());
            Expect("THEN");
            operands.Add(ParseExpr());
        }

        if (Accept("ELSE")) operands.Add(ParseExpr());
        Expect("END");
        return new OperatorExpr(start, LastEnd, "CASE", operands);
    }
}
