namespace IntegrationHub.Sql;

/// <summary>Every node of a parse tree, depth first: what a check over the whole statement walks.</summary>
public static class SqlTree
{
    public static IEnumerable<SqlNode> Descendants(SqlNode node)
    {
        var stack = new Stack<SqlNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in Children(current).Reverse())
            {
                stack.Push(child);
            }
        }
    }

    private static IEnumerable<SqlNode> Children(SqlNode node) => node switch
    {
        QueryStatement s => [.. s.With, s.Body, .. s.OrderBy, .. Present(s.Limit, s.Offset)],
        CommonTableExpression c => [c.Query],
        SelectCore c => [.. c.Columns, .. Present(c.From, c.Where), .. c.GroupBy, .. Present(c.Having), .. c.Windows],
        ValuesBody v => v.Rows.SelectMany(r => r),
        CompoundBody c => [c.Left, c.Right],
        NestedBody n => [n.Query],
        ExprColumn e => [e.Expr],
        OrderTerm o => [o.Expr],
        WindowDefinition w => [w.Spec],
        WindowSpec w => [.. w.PartitionBy, .. w.OrderBy, .. w.Frame],
        SubqueryRef s => [s.Query],
        JoinItem j => [j.Left, j.Right, .. Present(j.On)],
        FunctionExpr f => [.. f.Args, .. Present(f.Filter, f.Over)],
        SubqueryExpr s => [s.Query],
        OperatorExpr o => o.Operands,
        _ => [],
    };

    private static IEnumerable<SqlNode> Present(params SqlNode?[] nodes) => nodes.OfType<SqlNode>();
}
