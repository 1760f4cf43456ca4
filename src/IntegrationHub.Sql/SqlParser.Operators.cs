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
}
