namespace IntegrationHub.Sql;

public sealed partial class SqlParser
{
    private QueryStatement ParseQuery()
    {
        var start = Current.Start;
        var recursive = false;
        var with = new List<CommonTableExpression>();
        if (Accept("WITH"))
        {
            recursive = Accept("RECURSIVE");
            do with.Add(ParseCommonTableExpression());
            while (AcceptSymbol(","));
        }

        var body = ParseCompound();
        var orderBy = new List<OrderTerm>();
        if (Accept("ORDER"))
        {
            Expect("BY");
            orderBy = ParseOrderTerms();
        }

        var (limit, offset) = ParseLimitOffset();
        return new QueryStatement(start, LastEnd, with, recursive, body, orderBy, limit, offset) { LimitInsertAt = LastEnd };
    }

    /// <summary><c>name [(columns)] AS [[NOT] MATERIALIZED] (query)</c> of a WITH clause.</summary>
    private CommonTableExpression ParseCommonTableExpression()
    {
        var start = Current.Start;
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
        return new CommonTableExpression(start, LastEnd, name, columns, query);
    }

    /// <summary>LIMIT and OFFSET in either order (SQLite's <c>LIMIT offset, count</c> too), or the standard's FETCH FIRST.</summary>
    private (SqlExpr? Limit, SqlExpr? Offset) ParseLimitOffset()
    {
        SqlExpr? limit = null, offset = null;
        for (var clause = 0; clause < 2; clause++)
        {
            if (limit is null && Accept("LIMIT"))
            {
                limit = Accept("ALL") ? null : ParseExpr();
                if (AcceptSymbol(","))
                {
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
            if (!Accept("FIRST")) Expect("NEXT");
            limit = Current.Kind == TokenKind.Number ? ParsePrimary() : new LiteralExpr(Current.Start, Current.Start, LiteralKind.Number, "1");
            if (!Accept("ROWS")) Expect("ROW");
            Expect("ONLY");
        }

        return (limit, offset);
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
}
