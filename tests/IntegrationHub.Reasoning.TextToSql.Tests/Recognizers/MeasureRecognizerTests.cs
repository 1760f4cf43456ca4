using static IntegrationHub.Reasoning.TextToSql.Tests.Recognizers.LibrarySchema;

namespace IntegrationHub.Reasoning.TextToSql.Tests.Recognizers;

/// <summary>What is computed: aggregates, counts, latest dates, ratios, shares, averages per row.</summary>
public sealed class MeasureRecognizerTests
{
    [Theory]
    [InlineData("What is the average price of the books?", "AVG(book.price)")]
    [InlineData("图书的平均价格是多少", "AVG(book.price)")]
    [InlineData("What is the total fine of all loans?", "SUM(loan.fine)")]
    [InlineData("罚款金额总计是多少", "SUM(loan.fine)")]
    public void Aggregate_of_a_number_column(string question, string sql)
    {
        var plan = After<AggregateRecognizer>(question);
        Assert.Equal(sql, Assert.Single(plan.Model.Measures).Sql);
    }

    [Theory]
    [InlineData("What is the average fine per loan?")]
    [InlineData("平均每笔借阅的罚款金额")]
    public void Average_per_row_of_the_fact_table_is_not_a_grouping(string question)
    {
        var plan = After<AveragePerRowRecognizer>(question);
        Assert.Null(plan.Model.GroupEntity);
    }

    [Theory]
    [InlineData("How many members are there?")]
    [InlineData("有多少读者")]
    public void Count_of_rows_when_nothing_is_measured(string question)
    {
        var plan = After<CountRecognizer>(question);
        var measure = Assert.Single(plan.Model.Measures);
        Assert.True(measure.IsCount);
        Assert.Equal(Table("member"), plan.Model.Fact);
    }

    [Theory]
    [InlineData("When was the latest loan?", "MAX(loan.borrowed_at)")]
    [InlineData("最近一次借阅是什么时候", "MAX(loan.borrowed_at)")]
    public void Latest_time_is_the_maximum_of_the_date_column(string question, string sql)
    {
        var plan = After<LatestTimeRecognizer>(question);
        Assert.Equal(sql, Assert.Single(plan.Model.Measures).Sql);
    }

    [Theory]
    [InlineData("How many days since the last loan?")]
    [InlineData("距离上次借阅多少天")]
    public void Latest_time_days_since_count_to_the_as_of_date(string question)
    {
        var plan = After<LatestTimeRecognizer>(question);
        Assert.Contains("MAX(loan.borrowed_at)", Assert.Single(plan.Model.Measures).Sql);
        Assert.Contains("2025-06-18", plan.Params.Values);
    }

    [Theory]
    [InlineData("What is the ratio of the total fine to the number of loans?")]
    [InlineData("罚款金额总计与借阅数量之比")]
    public void Ratio_of_two_aggregates_puts_the_ratio_first(string question)
    {
        var plan = After<RatioRecognizer>(question);
        Assert.Equal(3, plan.Model.Measures.Count);
        Assert.StartsWith("SUM(loan.fine) * 1.0 / NULLIF(COUNT(*), 0)", plan.Model.Measures[0].Sql);
    }

    [Theory]
    [InlineData("Share of loans for each branch")]
    [InlineData("各分馆的借阅数量占比")]
    public void Share_of_each_group_in_the_total(string question)
    {
        var plan = After<ShareRecognizer>(question);
        Assert.Contains("OVER ()", plan.Model.Measures[0].Sql);
    }
}
