namespace IntegrationHub.Sql;

public sealed partial class SqlParser
{
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
        while (ParsePredicateOperator(left) is { } extended)
        {
            left = extended;
        }

        return left;
    }

    /// <summary><paramref name="left"/> with the predicate operator that follows it applied, or null when none follows.</summary>
    private SqlExpr? ParsePredicateOperator(SqlExpr left)
    {
        var t = Current;
        if (t.Kind == TokenKind.Operator && t.Text is "=" or "==" or "!=" or "<>" or "<" or "<=" or ">" or ">=")
        {
            _pos++;
            var right = ParseComparedOperand();
            return new OperatorExpr(left.Start, right.End, t.Text, [left, right]);
        }

        if (Accept("IS"))
        {
            var not = Accept("NOT");
            if (Accept("DISTINCT")) Expect("FROM");
            var right = ParseBitwise();
            return new OperatorExpr(left.Start, right.End, not ? "IS NOT" : "IS", [left, right]);
        }

        if (Accept("ISNULL") || Accept("NOTNULL"))
        {
            return new OperatorExpr(left.Start, LastEnd, "ISNULL", [left]);
        }

        var negated = AcceptNegation();
        if (Accept("NULL"))
        {
            return new OperatorExpr(left.Start, LastEnd, "NOTNULL", [left]);
        }

        if (Accept("IN"))
        {
            return ParseIn(left, negated);
        }

        if (Accept("BETWEEN"))
        {
            var low = ParseBitwise();
            Expect("AND");
            var high = ParseBitwise();
            return new OperatorExpr(left.Start, high.End, negated ? "NOT BETWEEN" : "BETWEEN", [left, low, high]);
        }

        if (Current.Is("LIKE") || Current.Is("GLOB") || Current.Is("ILIKE") || Current.Is("REGEXP") || Current.Is("MATCH"))
        {
            var op = Next().Text.ToUpperInvariant();
            var operands = new List<SqlExpr> { left, ParseBitwise() };
            if (Accept("ESCAPE")) operands.Add(ParseBitwise());
            return new OperatorExpr(left.Start, LastEnd, negated ? "NOT " + op : op, operands);
        }

        if (negated) throw Error($"Unexpected {Current} after NOT.");
        return null;
    }

    /// <summary>The right side of a comparison: an expression, or <c>ANY|ALL|SOME (…)</c> over a list or sub-query.</summary>
    private SqlExpr ParseComparedOperand()
    {
        if (!((Current.Is("ANY") || Current.Is("ALL") || Current.Is("SOME")) && PeekAt(1).IsSymbol("(")))
        {
            return ParseBitwise();
        }

        var start = Current.Start;
        _pos += 2;
        var inner = AtQueryStart() ? ParseQueryExpr(start) : ParseExpr();
        ExpectSymbol(")");
        return new OperatorExpr(start, LastEnd, "ANY", [inner]);
    }

    /// <summary>A <c>NOT</c> that negates the predicate operator after it (<c>NOT IN</c>, <c>NOT LIKE</c> …).</summary>
    private bool AcceptNegation()
    {
        if (!Current.Is("NOT"))
        {
            return false;
        }

        var next = PeekAt(1);
        if (!(next.Is("IN") || next.Is("BETWEEN") || next.Is("LIKE") || next.Is("GLOB") || next.Is("ILIKE") || next.Is("REGEXP") || next.Is("MATCH") || next.Is("NULL")))
        {
            return false;
        }

        _pos++;
        return true;
    }

    private SqlExpr ParseIn(SqlExpr left, bool negated)
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
        return new OperatorExpr(left.Start, LastEnd, negated ? "NOT IN" : "IN", operands);
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
}
