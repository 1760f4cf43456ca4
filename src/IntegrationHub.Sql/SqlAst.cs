namespace IntegrationHub.Sql;

/// <summary>
/// The parse tree of one query, as much as validation and rewriting need: every table reference, column
/// reference, function call, literal and sub-query with its place in the text. Operators are kept only as
/// structure (their operands are children).
/// </summary>
public abstract record SqlNode(int Start, int End);

public sealed record QueryStatement(int Start, int End, IReadOnlyList<CommonTableExpression> With, bool Recursive, QueryBody Body,
    IReadOnlyList<OrderTerm> OrderBy, SqlExpr? Limit, SqlExpr? Offset) : SqlNode(Start, End)
{
    /// <summary>Where a LIMIT clause can be appended (end of the statement, before any trailing semicolon).</summary>
    public int LimitInsertAt { get; init; }
}

public sealed record CommonTableExpression(int Start, int End, string Name, IReadOnlyList<string>? Columns, QueryStatement Query) : SqlNode(Start, End);

public abstract record QueryBody(int Start, int End) : SqlNode(Start, End);

public sealed record SelectCore(int Start, int End, bool Distinct, IReadOnlyList<ResultColumn> Columns, FromItem? From, SqlExpr? Where,
    IReadOnlyList<SqlExpr> GroupBy, SqlExpr? Having, IReadOnlyList<WindowDefinition> Windows) : QueryBody(Start, End);

public sealed record ValuesBody(int Start, int End, IReadOnlyList<IReadOnlyList<SqlExpr>> Rows) : QueryBody(Start, End);

/// <param name="Operator">UNION, UNION ALL, INTERSECT or EXCEPT.</param>
public sealed record CompoundBody(int Start, int End, QueryBody Left, string Operator, QueryBody Right) : QueryBody(Start, End);

/// <summary>A nested query in parentheses used as a compound operand: <c>(SELECT …) UNION (SELECT …)</c>.</summary>
public sealed record NestedBody(int Start, int End, QueryStatement Query) : QueryBody(Start, End);

public abstract record ResultColumn(int Start, int End) : SqlNode(Start, End);

public sealed record StarColumn(int Start, int End, string? Qualifier) : ResultColumn(Start, End);

public sealed record ExprColumn(int Start, int End, SqlExpr Expr, string? Alias) : ResultColumn(Start, End);

public sealed record OrderTerm(int Start, int End, SqlExpr Expr, bool Descending) : SqlNode(Start, End);

public sealed record WindowDefinition(int Start, int End, string Name, WindowSpec Spec) : SqlNode(Start, End);

public sealed record WindowSpec(int Start, int End, IReadOnlyList<SqlExpr> PartitionBy, IReadOnlyList<OrderTerm> OrderBy, IReadOnlyList<SqlExpr> Frame) : SqlNode(Start, End);

public abstract record FromItem(int Start, int End) : SqlNode(Start, End);

/// <summary>A table (or CTE) named in FROM/JOIN; <see cref="SqlNode.Start"/>..<see cref="SqlNode.End"/> covers the name and its alias.</summary>
public sealed record TableRef(int Start, int End, string? Schema, string Name, string? Alias) : FromItem(Start, End)
{
    public string ExposedName => Alias ?? Name;
}

public sealed record SubqueryRef(int Start, int End, QueryStatement Query, string? Alias) : FromItem(Start, End);

public sealed record FunctionRef(int Start, int End, string Name) : FromItem(Start, End);

public sealed record JoinItem(int Start, int End, FromItem Left, string Kind, FromItem Right, SqlExpr? On, IReadOnlyList<string>? Using) : FromItem(Start, End);

public abstract record SqlExpr(int Start, int End) : SqlNode(Start, End);

public enum LiteralKind
{
    String,
    Number,
    Null,
    Boolean,
    Keyword,
}

public sealed record LiteralExpr(int Start, int End, LiteralKind Kind, string Value) : SqlExpr(Start, End);

/// <summary>A typed literal such as <c>DATE '2024-01-01'</c> or <c>INTERVAL '1 month'</c> (PostgreSQL).</summary>
public sealed record TypedLiteralExpr(int Start, int End, string Type, string Value) : SqlExpr(Start, End);

public sealed record ParameterExpr(int Start, int End, string Name) : SqlExpr(Start, End);

/// <param name="Parts">Qualifier parts then the column: <c>[col]</c>, <c>[alias, col]</c> or <c>[schema, table, col]</c>.</param>
public sealed record ColumnExpr(int Start, int End, IReadOnlyList<string> Parts) : SqlExpr(Start, End)
{
    public string Column => Parts[^1];

    public string? Qualifier => Parts.Count > 1 ? Parts[^2] : null;
}

public sealed record FunctionExpr(int Start, int End, string Name, IReadOnlyList<SqlExpr> Args, bool Star, bool Distinct, SqlExpr? Filter, WindowSpec? Over, string? OverName) : SqlExpr(Start, End);

public sealed record SubqueryExpr(int Start, int End, QueryStatement Query) : SqlExpr(Start, End);

/// <summary>Operators, CASE, CAST, IN, BETWEEN, LIKE … : only their operands matter to validation.</summary>
public sealed record OperatorExpr(int Start, int End, string Operator, IReadOnlyList<SqlExpr> Operands) : SqlExpr(Start, End);
