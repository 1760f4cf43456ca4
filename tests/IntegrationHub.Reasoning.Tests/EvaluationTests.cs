using IntegrationHub.Reasoning.Evaluation;
using Xunit;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>The scoring rules of <c>hub eval nl2sql</c>, the same as defog's score.py and power-marketing's eval.py.</summary>
public sealed class EvaluationTests
{
    [Fact]
    public void Gold_alternatives_and_column_choices_expand_as_score_py_does()
    {
        var expansions = GoldSql.Expansions("SELECT {a.name, a.id}, COUNT(*) FROM a GROUP BY {};SELECT 1;").ToList();

        Assert.Equal(
        [
            "SELECT a.name, COUNT(*) FROM a GROUP BY a.name",
            "SELECT a.id, COUNT(*) FROM a GROUP BY a.id",
            "SELECT a.name, a.id, COUNT(*) FROM a GROUP BY a.name, a.id",
            "SELECT 1",
        ], expansions);
    }

    [Theory]
    [InlineData("SELECT name FROM t ORDER BY name", true)]
    [InlineData("SELECT name FROM (SELECT name FROM t ORDER BY name LIMIT 3) x", false)]
    [InlineData("SELECT 'order by' AS note, reorder_by FROM t", false)]
    [InlineData("SELECT a, ROW_NUMBER() OVER (ORDER BY a) FROM t", false)]
    public void Rows_are_compared_in_order_only_when_the_outer_query_orders_them(string sql, bool ordered) => Assert.Equal(ordered, GoldSql.Ordered(sql));

    [Fact]
    public void Rows_match_as_multisets_rounded_with_up_to_two_extra_columns()
    {
        IReadOnlyList<IReadOnlyList<object?>> gold = [["杭州", 1.004], ["宁波", 2L]];
        Assert.True(ResultSetMatch.Matches([[2, "宁波", 9], ["1.00", "杭州", 8]], gold));
        Assert.False(ResultSetMatch.Matches([[2, "宁波", 9, 9, 9], [1, "杭州", 8, 8, 8]], gold));
        Assert.False(ResultSetMatch.Matches([["宁波", 2]], gold));
        Assert.False(ResultSetMatch.Matches([["宁波", 2], ["杭州", 1]], gold, ordered: true));
        Assert.True(ResultSetMatch.Matches([["杭州", 1], ["宁波", 2]], gold, ordered: true));
        Assert.True(ResultSetMatch.Matches([[true, null]], [["t", null]]));
    }

    [Fact]
    public void Question_files_with_bad_lines_are_named_by_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{\"id\": \"a\", \"question\": \"q\", \"gold_sql\": \"SELECT 1\", \"category\": \"c\", \"db\": \"x\"}\n\n{\"id\": \"b\"}\n");
            var e = Assert.Throws<FormatException>(() => EvalQuestions.Load(path));
            Assert.Equal($"{path}:3: no \"question\"", e.Message);

            File.WriteAllText(path, "{\"id\": \"a\", \"question\": \"q\"}\n");
            var gold = Path.GetTempFileName();
            File.WriteAllText(gold, "{\"id\": \"a\", \"gold_sql\": \"SELECT 2\"}\n");
            var q = Assert.Single(EvalQuestions.Load(path, gold));
            Assert.Equal(new EvalQuestion("a", "q", "SELECT 2", EvalQuestions.NoCategory, null), q);
            File.Delete(gold);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
