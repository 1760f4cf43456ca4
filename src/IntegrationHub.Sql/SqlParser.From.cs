namespace IntegrationHub.Sql;

public sealed partial class SqlParser
{
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
}
