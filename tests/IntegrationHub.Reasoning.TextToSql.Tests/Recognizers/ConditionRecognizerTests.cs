using static IntegrationHub.Reasoning.TextToSql.Tests.Recognizers.LibrarySchema;

namespace IntegrationHub.Reasoning.TextToSql.Tests.Recognizers;

/// <summary>Row conditions, HAVING, time ranges and grains, weekdays, groups by kind, value and entity.</summary>
public sealed class ConditionRecognizerTests
{
    [Theory]
    [InlineData("How many books have a price above 50?")]
    [InlineData("价格超过50的图书有多少")]
    public void Comparison_subject_is_the_term_before_the_number(string question)
    {
        var plan = After<ComparisonSubjectRecognizer>(question);
        Assert.Equal("price", plan.Resolved[Assert.Single(plan.Comparisons).Subject!].Column?.Name);
    }

    [Theory]
    [InlineData("How many books have a price above 50?", "book.price > @p0")]
    [InlineData("价格超过50的图书有多少", "book.price > @p0")]
    public void Comparison_filter_on_a_column_is_a_row_condition(string question, string condition)
    {
        var plan = After<ComparisonFilterRecognizer>(question);
        Assert.Contains(condition, plan.Conditions);
        Assert.Equal(50L, plan.Params["p0"]);
    }

    [Theory]
    [InlineData("Which members have more than 3 loans?")]
    [InlineData("借阅超过3次的读者")]
    public void Comparison_filter_on_a_count_is_having(string question)
    {
        var plan = After<ComparisonFilterRecognizer>(question);
        Assert.StartsWith("COUNT(", plan.Model.Having);
        Assert.Equal(Table("member"), plan.Model.GroupEntity);
    }

    [Theory]
    [InlineData("How many novel books are there?", "book.genre = @p0")]
    [InlineData("逾期的借阅有多少", "loan.status = @p0")]
    public void Value_filter_is_an_equality_on_its_column(string question, string condition)
    {
        var plan = After<ValueFilterRecognizer>(question);
        Assert.Contains(condition, plan.Conditions);
    }

    [Theory]
    [InlineData("Number of loans by status")]
    [InlineData("按状态统计借阅数量")]
    public void Group_by_kind_groups_by_the_status_column(string question)
    {
        var plan = After<GroupByKindRecognizer>(question);
        Assert.Contains(plan.Model.Groups, g => g.Column?.Name == "status");
    }

    [Theory]
    [InlineData("Number of members in 杭州 and 宁波 respectively")]
    [InlineData("杭州和宁波的读者数量分别是多少")]
    public void One_row_per_named_value(string question)
    {
        var plan = After<OneRowPerValueRecognizer>(question);
        Assert.Contains(plan.Model.Groups, g => g.Column?.Name == "city");
    }

    [Theory]
    [InlineData("Number of loans for each member")]
    [InlineData("每个读者的借阅数量")]
    public void Group_entity_groups_by_key_and_name(string question)
    {
        var plan = After<GroupEntityRecognizer>(question);
        Assert.Equal(["member_id", "member_name"], plan.Model.Groups.Select(g => g.Column!.Name));
    }

    [Theory]
    [InlineData("Number of loans in 2024")]
    [InlineData("2024年的借阅数量")]
    public void Time_column_and_range_on_the_default_date(string question)
    {
        var plan = After<TimeRangeRecognizer>(question);
        Assert.Equal("borrowed_at", plan.Model.TimeColumn?.Name);
        Assert.Contains("loan.borrowed_at >= @p0 AND loan.borrowed_at < @p1", plan.Conditions);
        Assert.Equal(["2024-01-01", "2025-01-01"], plan.Params.Values);
    }

    [Theory]
    [InlineData("Number of members by month of joining in 2024")]
    [InlineData("2024年每个月入会的读者数量")]
    public void Time_grain_groups_by_month_on_the_named_date(string question)
    {
        var plan = After<TimeRangeRecognizer>(question);
        Assert.Equal("joined_on", plan.Model.TimeColumn?.Name);
        Assert.True(plan.Model.Groups[0].IsTime);
    }

    [Theory]
    [InlineData("How many loans were made on weekends?")]
    [InlineData("周末的借阅数量")]
    public void Day_of_week_keeps_weekend_days(string question)
    {
        var plan = After<DayOfWeekRecognizer>(question);
        Assert.Contains("CAST(strftime('%w', loan.borrowed_at) AS INTEGER) IN (0, 6)", plan.Conditions);
    }
}
