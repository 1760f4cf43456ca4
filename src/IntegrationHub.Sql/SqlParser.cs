namespace IntegrationHub.Sql;

/// <summary>The text is not a query at all (an INSERT, a PRAGMA, two statements…).</summary>
public sealed class NotAQueryException(string message) : Exception(message);

/// <summary>
/// A recursive-descent parser for the read-only subset of SQLite and PostgreSQL SQL: one
/// <c>[WITH …] SELECT … [UNION …] [ORDER BY …] [LIMIT …]</c> statement. Anything it does not know is a parse error,
/// so what passes is exactly what the validator has seen.
/// </summary>
public sealed class SqlParser
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

    private QueryStatement ParseQuery()
    {
        var start = Current.Start;
        var with = new List<CommonTableExpression>();
        var recursive = false;
        if (Accept("WITH"))
        {
            recursive = Accept("RECURSIVE");
            do
            {
                var cteStart = Current.Start;
                var name = ExpectName();
                List<string>? columns = null;
                if (AcceptSymbol("("))
                {
                    columns = [];
                    do columns.Add(ExpectName());
                    while (AcceptSymbol(","));
                    ExpectSymbol(")");
                }

                Expect("AS");
                if (Accept("NOT")) Expect("MATERIALIZED");
                else Accept("MATERIALIZED");
                ExpectSymbol("(");
                var query = ParseQuery();
                ExpectSymbol(")");
                with.Add(new CommonTableExpression(cteStart, LastEnd, name, columns, query));
            }
            while (AcceptSymbol(","));
        }

        var body = ParseCompound();
        var orderBy = new List<OrderTerm>();
        if (Accept("ORDER"))
        {
            Expect("BY");
            orderBy = ParseOrderTerms();
        }

        SqlExpr? limit = null, offset = null;
        for (var clause = 0; clause < 2; clause++)
        {
            if (limit is null && Accept("LIMIT"))
            {
                limit = Accept("ALL") ? null : ParseExpr();
                if (AcceptSymbol(","))
                {
                    // SQLite's LIMIT offset, count
                    offset = limit;
                    limit = ParseExpr();
                }
            }
            else if (offset is null && Accept("OFFSET"))
            {
                offset = ParseExpr();
                if (!Accept("ROWS")) Accept("ROW");
            }
        }

        if (limit is null && Accept("FETCH"))
        {
            // FETCH FIRST n ROWS ONLY (SQL standard, PostgreSQL)
            if (!Accept("FIRST")) Expect("NEXT");
            limit = Current.Kind == TokenKind.Number ? ParsePrimary() : new LiteralExpr(Current.Start, Current.Start, LiteralKind.Number, "1");
            if (!Accept("ROWS")) Expect("ROW");
            Expect("ONLY");
        }

        return new QueryStatement(start, LastEnd, with, recursive, body, orderBy, limit, offset) { LimitInsertAt = LastEnd };
    }

    private SubqueryExpr ParseQueryExpr(int start)
    {
        var query = ParseQuery();
        return new SubqueryExpr(start, LastEnd, query);
    }

    private List<OrderTerm> ParseOrderTerms()
    {
        var terms = new List<OrderTerm>();
        do
        {
            var start = Current.Start;
            var expr = ParseExpr();
            var descending = false;
            if (Accept("DESC")) descending = true;
            else Accept("ASC");
            if (Accept("NULLS"))
            {
                if (!Accept("FIRST")) Expect("LAST");
            }

            terms.Add(new OrderTerm(start, LastEnd, expr, descending));
        }
        while (AcceptSymbol(","));
        return terms;
    }

    private QueryBody ParseCompound()
    {
        var left = ParseSimpleBody();
        while (true)
        {
            string op;
            if (Accept("UNION")) op = Accept("ALL") ? "UNION ALL" : (Accept("DISTINCT") ? "UNION" : "UNION");
            else if (Accept("INTERSECT")) op = "INTERSECT";
            else if (Accept("EXCEPT")) op = "EXCEPT";
            else return left;
            var right = ParseSimpleBody();
            left = new CompoundBody(left.Start, right.End, left, op, right);
        }
    }

    private QueryBody ParseSimpleBody()
    {
        var start = Current.Start;
        if (Accept("SELECT")) return ParseSelectCore(start);
        if (Accept("VALUES"))
        {
            var rows = new List<IReadOnlyList<SqlExpr>>();
            do
            {
                ExpectSymbol("(");
                rows.Add(ParseExprList());
                ExpectSymbol(")");
            }
            while (AcceptSymbol(","));
            return new ValuesBody(start, LastEnd, rows);
        }

        if (Current.IsSymbol("(") && (AtQueryStart(1) || PeekAt(1).IsSymbol("(")))
        {
            _pos++;
            var query = ParseQuery();
            ExpectSymbol(")");
            return new NestedBody(start, LastEnd, query);
        }

        throw Error($"Expected SELECT but found {Current}.");
    }

    private SelectCore ParseSelectCore(int start)
    {
        var distinct = false;
        if (Accept("DISTINCT"))
        {
            distinct = true;
            if (Accept("ON"))
            {
                ExpectSymbol("(");
                ParseExprList();
                ExpectSymbol(")");
            }
        }
        else
        {
            Accept("ALL");
        }

        var columns = new List<ResultColumn>();
        do columns.Add(ParseResultColumn());
        while (AcceptSymbol(","));

        FromItem? from = null;
        if (Accept("FROM")) from = ParseFrom();
        SqlExpr? where = Accept("WHERE") ? ParseExpr() : null;
        var groupBy = new List<SqlExpr>();
        if (Accept("GROUP"))
        {
            Expect("BY");
            groupBy = ParseExprList();
        }

        SqlExpr? having = Accept("HAVING") ? ParseExpr() : null;
        var windows = new List<WindowDefinition>();
        if (Accept("WINDOW"))
        {
            do
            {
                var ws = Current.Start;
                var name = ExpectName();
                Expect("AS");
                windows.Add(new WindowDefinition(ws, LastEnd, name, ParseWindowSpec()));
            }
            while (AcceptSymbol(","));
        }

        return new SelectCore(start, LastEnd, distinct, columns, from, where, groupBy, having, windows);
    }

    private ResultColumn ParseResultColumn()
    {
        var start = Current.Start;
        if (AcceptSymbol("*")) return new StarColumn(start, LastEnd, null);
        if (AtName && PeekAt(1).IsSymbol(".") && PeekAt(2).IsSymbol("*"))
        {
            var qualifier = ExpectName();
            _pos += 2;
            return new StarColumn(start, LastEnd, qualifier);
        }

        var expr = ParseExpr();
        string? alias = null;
        if (Accept("AS"))
        {
            alias = Current.Kind == TokenKind.String ? Next().Text : ExpectName();
        }
        else if (AtName)
        {
            alias = ExpectName();
        }

        return new ExprColumn(start, LastEnd, expr, alias);
    }

    private SqlToken Next() => _tokens[_pos++];

    private FromItem ParseFrom()
    {
        var left = ParseTableOrSubquery();
        while (true)
        {
            var start = left.Start;
            string kind;
            if (AcceptSymbol(",")) kind = "CROSS";
            else
            {
                var natural = Accept("NATURAL");
                if (Accept("LEFT")) { Accept("OUTER"); kind = "LEFT"; }
                else if (Accept("RIGHT")) { Accept("OUTER"); kind = "RIGHT"; }
                else if (Accept("FULL")) { Accept("OUTER"); kind = "FULL"; }
                else if (Accept("INNER")) kind = "INNER";
                else if (Accept("CROSS")) kind = "CROSS";
                else if (Current.Is("JOIN")) kind = "INNER";
                else if (natural) throw Error("Expected JOIN after NATURAL.");
                else return left;
                Expect("JOIN");
                if (natural) kind = "NATURAL " + kind;
            }

            var right = ParseTableOrSubquery();
            SqlExpr? on = null;
            List<string>? usingColumns = null;
            if (Accept("ON")) on = ParseExpr();
            else if (Accept("USING"))
            {
                ExpectSymbol("(");
                usingColumns = [];
                do usingColumns.Add(ExpectName());
                while (AcceptSymbol(","));
                ExpectSymbol(")");
            }

            left = new JoinItem(start, LastEnd, left, kind, right, on, usingColumns);
        }
    }

    private FromItem ParseTableOrSubquery()
    {
        var start = Current.Start;
        if (AcceptSymbol("("))
        {
            if (AtQueryStart() || (Current.IsSymbol("(") && LooksLikeQueryInParens()))
            {
                var query = ParseQuery();
                ExpectSymbol(")");
                return new SubqueryRef(start, LastEnd, query, ParseAlias());
            }

            var inner = ParseFrom();
            ExpectSymbol(")");
            return inner;
        }

        var name = ExpectName();
        string? schema = null;
        if (AcceptSymbol("."))
        {
            schema = name;
            name = ExpectName();
        }

        if (Current.IsSymbol("("))
        {
            // table-valued function (pragma_table_info, generate_series, json_each …)
            _pos++;
            if (!Current.IsSymbol(")")) ParseExprList();
            ExpectSymbol(")");
            ParseAlias();
            return new FunctionRef(start, LastEnd, schema is null ? name : $"{schema}.{name}");
        }

        var alias = ParseAlias();
        if (Accept("INDEXED"))
        {
            Expect("BY");
            ExpectName();
        }
        else if (Accept("NOT"))
        {
            Expect("INDEXED");
        }

        return new TableRef(start, LastEnd, schema, name, alias);
    }

    private bool LooksLikeQueryInParens()
    {
        var i = _pos;
        while (_tokens[i].IsSymbol("(")) i++;
        return _tokens[i].Kind == TokenKind.Identifier && QueryStarts.Contains(_tokens[i].Text);
    }

    private string? ParseAlias()
    {
        if (Accept("AS")) return ExpectName();
        return AtName ? ExpectName() : null;
    }

    private List<SqlExpr> ParseExprList()
    {
        var list = new List<SqlExpr>();
        do list.Add(ParseExpr());
        while (AcceptSymbol(","));
        return list;
    }

    public SqlExpr ParseExpr() => ParseOr();

    private SqlExpr ParseOr()
    {
        var left = ParseAnd();
        while (Accept("OR"))
        {
            var right = ParseAnd();
            left = new OperatorExpr(left.Start, right.End, "OR", [left, right]);
        }

        return left;
    }

    private SqlExpr ParseAnd()
    {
        var left = ParseNot();
        while (Accept("AND"))
        {
            var right = ParseNot();
            left = new OperatorExpr(left.Start, right.End, "AND", [left, right]);
        }

        return left;
    }

    private SqlExpr ParseNot()
    {
        var start = Current.Start;
        if (Accept("NOT"))
        {
            var operand = ParseNot();
            return new OperatorExpr(start, operand.End, "NOT", [operand]);
        }

        return ParsePredicate();
    }

    private SqlExpr ParsePredicate()
    {
        var left = ParseBitwise();
        while (true)
        {
            var t = Current;
            if (t.Kind == TokenKind.Operator && t.Text is "=" or "==" or "!=" or "<>" or "<" or "<=" or ">" or ">=")
            {
                _pos++;
                SqlExpr right;
                if ((Current.Is("ANY") || Current.Is("ALL") || Current.Is("SOME")) && PeekAt(1).IsSymbol("("))
                {
                    var qs = Current.Start;
                    _pos += 2;
                    right = AtQueryStart() ? ParseQueryExpr(qs) : ParseExpr();
                    ExpectSymbol(")");
                    right = new OperatorExpr(qs, LastEnd, "ANY", [right]);
                }
                else
                {
                    right = ParseBitwise();
                }

                left = new OperatorExpr(left.Start, right.End, t.Text, [left, right]);
                continue;
            }

            if (Accept("IS"))
            {
                var not = Accept("NOT");
                if (Accept("DISTINCT")) Expect("FROM");
                var right = ParseBitwise();
                left = new OperatorExpr(left.Start, right.End, not ? "IS NOT" : "IS", [left, right]);
                continue;
            }

            if (Accept("ISNULL") || Accept("NOTNULL"))
            {
                left = new OperatorExpr(left.Start, LastEnd, "ISNULL", [left]);
                continue;
            }

            var negated = false;
            if (Current.Is("NOT") && (PeekAt(1).Is("IN") || PeekAt(1).Is("BETWEEN") || PeekAt(1).Is("LIKE") || PeekAt(1).Is("GLOB")
                || PeekAt(1).Is("ILIKE") || PeekAt(1).Is("REGEXP") || PeekAt(1).Is("MATCH") || PeekAt(1).Is("NULL")))
            {
                _pos++;
                negated = true;
            }

            if (Accept("NULL"))
            {
                left = new OperatorExpr(left.Start, LastEnd, "NOTNULL", [left]);
                continue;
            }

            if (Accept("IN"))
            {
                var inStart = Current.Start;
                ExpectSymbol("(");
                var operands = new List<SqlExpr> { left };
                if (AtQueryStart())
                {
                    var query = ParseQuery();
                    operands.Add(new SubqueryExpr(inStart, Current.End, query));
                }
                else if (!Current.IsSymbol(")"))
                {
                    operands.AddRange(ParseExprList());
                }

                ExpectSymbol(")");
                left = new OperatorExpr(left.Start, LastEnd, negated ? "NOT IN" : "IN", operands);
                continue;
            }

            if (Accept("BETWEEN"))
            {
                var low = ParseBitwise();
                Expect("AND");
                var high = ParseBitwise();
                left = new OperatorExpr(left.Start, high.End, negated ? "NOT BETWEEN" : "BETWEEN", [left, low, high]);
                continue;
            }

            if (Current.Is("LIKE") || Current.Is("GLOB") || Current.Is("ILIKE") || Current.Is("REGEXP") || Current.Is("MATCH"))
            {
                var op = Next().Text.ToUpperInvariant();
                var right = ParseBitwise();
                var operands = new List<SqlExpr> { left, right };
                if (Accept("ESCAPE")) operands.Add(ParseBitwise());
                left = new OperatorExpr(left.Start, LastEnd, negated ? "NOT " + op : op, operands);
                continue;
            }

            if (negated) throw Error($"Unexpected {Current} after NOT.");
            return left;
        }
    }

    private SqlExpr ParseBitwise() => ParseBinary(ParseAdditive, "&", "|", "<<", ">>");

    private SqlExpr ParseAdditive() => ParseBinary(ParseMultiplicative, "+", "-");

    private SqlExpr ParseMultiplicative() => ParseBinary(ParseConcat, "*", "/", "%");

    private SqlExpr ParseConcat() => ParseBinary(ParseUnary, "||", "->", "->>");

    private SqlExpr ParseBinary(Func<SqlExpr> operand, params string[] operators)
    {
        var left = operand();
        while (Current.Kind == TokenKind.Operator && operators.Contains(Current.Text))
        {
            var op = Next().Text;
            var right = operand();
            left = new OperatorExpr(left.Start, right.End, op, [left, right]);
        }

        return left;
    }

    private SqlExpr ParseUnary()
    {
        var start = Current.Start;
        if (Current.Kind == TokenKind.Operator && Current.Text is "-" or "+" or "~")
        {
            var op = Next().Text;
            var operand = ParseUnary();
            return new OperatorExpr(start, operand.End, "unary" + op, [operand]);
        }

        var expr = ParsePrimary();
        while (true)
        {
            if (AcceptSymbol("::"))
            {
                ParseTypeName();
                expr = new OperatorExpr(expr.Start, LastEnd, "::", [expr]);
            }
            else if (Accept("COLLATE"))
            {
                ExpectName();
                expr = new OperatorExpr(expr.Start, LastEnd, "COLLATE", [expr]);
            }
            else
            {
                return expr;
            }
        }
    }

    private void ParseTypeName()
    {
        ExpectName();
        while (AtName && !Current.Is("FROM")) ExpectName(); // double precision, character varying
        if (AcceptSymbol("("))
        {
            if (Current.Kind != TokenKind.Number) throw Error("Expected a size in the type.");
            _pos++;
            if (AcceptSymbol(","))
            {
                if (Current.Kind != TokenKind.Number) throw Error("Expected a scale in the type.");
                _pos++;
            }

            ExpectSymbol(")");
        }
    }

    private SqlExpr ParsePrimary()
    {
        var t = Current;
        var start = t.Start;
        switch (t.Kind)
        {
            case TokenKind.Number:
                _pos++;
                return new LiteralExpr(start, t.End, LiteralKind.Number, t.Text);
            case TokenKind.String:
                _pos++;
                return new LiteralExpr(start, t.End, LiteralKind.String, t.Text);
            case TokenKind.Parameter:
                _pos++;
                return new ParameterExpr(start, t.End, t.Text);
            case TokenKind.Punctuation when t.Text == "(":
            {
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

            case TokenKind.QuotedIdentifier:
            case TokenKind.Identifier:
                break;
            default:
                throw Error($"Unexpected {t}.");
        }

        if (t.Kind == TokenKind.Identifier)
        {
            var word = t.Text.ToUpperInvariant();
            switch (word)
            {
                case "NULL":
                    _pos++;
                    return new LiteralExpr(start, t.End, LiteralKind.Null, "NULL");
                case "TRUE" or "FALSE":
                    _pos++;
                    return new LiteralExpr(start, t.End, LiteralKind.Boolean, word);
                case "CURRENT_DATE" or "CURRENT_TIME" or "CURRENT_TIMESTAMP" or "LOCALTIME" or "LOCALTIMESTAMP":
                    _pos++;
                    return new LiteralExpr(start, t.End, LiteralKind.Keyword, word);
                case "DATE" or "TIME" or "TIMESTAMP" or "INTERVAL" when PeekAt(1).Kind == TokenKind.String:
                {
                    _pos += 2;
                    var value = _tokens[_pos - 1].Text;
                    if (word == "INTERVAL")
                    {
                        AcceptIntervalQualifier();
                    }

                    return new TypedLiteralExpr(start, LastEnd, word, value);
                }
                case "CASE":
                    return ParseCase();
                case "CAST":
                {
                    _pos++;
                    ExpectSymbol("(");
                    var operand = ParseExpr();
                    Expect("AS");
                    ParseTypeName();
                    ExpectSymbol(")");
                    return new OperatorExpr(start, LastEnd, "CAST", [operand]);
                }

                case "EXTRACT" when PeekAt(1).IsSymbol("("):
                {
                    _pos += 2;
                    ExpectName();
                    Expect("FROM");
                    var operand = ParseExpr();
                    ExpectSymbol(")");
                    return new OperatorExpr(start, LastEnd, "EXTRACT", [operand]);
                }

                case "EXISTS":
                {
                    _pos++;
                    var qs = Current.Start;
                    ExpectSymbol("(");
                    if (!AtQueryStart()) throw Error("Expected a query after EXISTS.");
                    var query = ParseQuery();
                    ExpectSymbol(")");
                    return new OperatorExpr(start, LastEnd, "EXISTS", [new SubqueryExpr(qs, LastEnd, query)]);
                }
            }

            if (Reserved.Contains(t.Text) && !(PeekAt(1).IsSymbol("(") && word is "REPLACE" or "LEFT" or "RIGHT"))
            {
                throw Error($"Unexpected keyword {word}.");
            }
        }

        _pos++;
        if (Current.IsSymbol("(")) return ParseFunction(t, start);
        var parts = new List<string> { t.Text };
        while (Current.IsSymbol(".") && (PeekAt(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            _pos++;
            parts.Add(Next().Text);
        }

        if (parts.Count > 3) throw Error("Too many name parts.");
        return new ColumnExpr(start, LastEnd, parts);
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
