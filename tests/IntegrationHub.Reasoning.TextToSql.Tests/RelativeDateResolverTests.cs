namespace IntegrationHub.Reasoning.TextToSql.Tests;

public sealed class RelativeDateResolverTests
{
    private static readonly DateOnly AsOf = new(2025, 6, 18);

    [Theory]
    [InlineData("上个月的用电量", "2025-05-01", "2025-06-01")]
    [InlineData("上月", "2025-05-01", "2025-06-01")]
    [InlineData("本月", "2025-06-01", "2025-07-01")]
    [InlineData("今年", "2025-01-01", "2026-01-01")]
    [InlineData("去年", "2024-01-01", "2025-01-01")]
    [InlineData("前年", "2023-01-01", "2024-01-01")]
    [InlineData("2024年", "2024-01-01", "2025-01-01")]
    [InlineData("2024年全年", "2024-01-01", "2025-01-01")]
    [InlineData("今年3月", "2025-03-01", "2025-04-01")]
    [InlineData("今年三月份", "2025-03-01", "2025-04-01")]
    [InlineData("2024年12月", "2024-12-01", "2025-01-01")]
    [InlineData("2025年1月到5月", "2025-01-01", "2025-06-01")]
    [InlineData("1-5月", "2025-01-01", "2025-06-01")]
    [InlineData("今年前三个月", "2025-01-01", "2025-04-01")]
    [InlineData("最近三个月", "2025-03-01", "2025-06-01")]
    [InlineData("近6个月", "2024-12-01", "2025-06-01")]
    [InlineData("最近7天", "2025-06-12", "2025-06-19")]
    [InlineData("上半年", "2025-01-01", "2025-07-01")]
    [InlineData("去年下半年", "2024-07-01", "2025-01-01")]
    [InlineData("2024年第二季度", "2024-04-01", "2024-07-01")]
    [InlineData("一季度", "2025-01-01", "2025-04-01")]
    [InlineData("上季度", "2025-01-01", "2025-04-01")]
    [InlineData("今年以来", "2025-01-01", "2025-06-19")]
    [InlineData("3月以来", "2025-03-01", "2025-06-19")]
    [InlineData("昨天", "2025-06-17", "2025-06-18")]
    [InlineData("上周", "2025-06-09", "2025-06-16")]
    [InlineData("2025-03", "2025-03-01", "2025-04-01")]
    [InlineData("last month", "2025-05-01", "2025-06-01")]
    [InlineData("this year", "2025-01-01", "2026-01-01")]
    [InlineData("last year", "2024-01-01", "2025-01-01")]
    [InlineData("in 2024", "2024-01-01", "2025-01-01")]
    [InlineData("march 2024", "2024-03-01", "2024-04-01")]
    [InlineData("last 3 months", "2025-03-01", "2025-06-01")]
    [InlineData("past three months", "2025-03-01", "2025-06-01")]
    [InlineData("first half of 2024", "2024-01-01", "2024-07-01")]
    [InlineData("q1 2025", "2025-01-01", "2025-04-01")]
    [InlineData("sales in the first quarter of 2024", "2024-01-01", "2024-04-01")]
    [InlineData("orders in the 3rd quarter of 2023", "2023-07-01", "2023-10-01")]
    [InlineData("Q4 of 2022", "2022-10-01", "2023-01-01")]
    [InlineData("the second quarter", "2025-04-01", "2025-07-01")]
    [InlineData("2024年第1季度", "2024-01-01", "2024-04-01")]
    [InlineData("since january", "2025-01-01", "2025-06-19")]
    [InlineData("2020年以前", "1900-01-01", "2020-01-01")]
    [InlineData("2024年3月以后", "2024-03-01", "2999-12-31")]
    [InlineData("before 2010", "1900-01-01", "2010-01-01")]
    [InlineData("loans in the past 30 days", "2025-05-20", "2025-06-19")]
    [InlineData("within the last 2 weeks", "2025-06-05", "2025-06-19")]
    [InlineData("over the past six months", "2024-12-19", "2025-06-19")]
    [InlineData("members who joined in the past year", "2024-06-19", "2025-06-19")]
    [InlineData("during the previous month", "2025-05-19", "2025-06-19")]
    public void Resolves_ranges_from_the_as_of_date(string phrase, string start, string endExclusive)
    {
        var parse = RelativeDateResolver.Parse(TextNormalizer.Normalize(phrase), AsOf);
        Assert.NotNull(parse.Range);
        Assert.Equal(DateOnly.Parse(start), parse.Range!.Start);
        Assert.Equal(DateOnly.Parse(endExclusive), parse.Range.EndExclusive);
    }

    [Fact]
    public void Same_period_last_year_shifts_the_range_and_comparisons_are_flagged()
    {
        var shifted = RelativeDateResolver.Parse(TextNormalizer.Normalize("上个月去年同期的用电量"), AsOf);
        Assert.Equal(new DateOnly(2024, 5, 1), shifted.Range!.Start);
        Assert.Equal(TimeComparison.YearOverYear, RelativeDateResolver.Parse("上个月用电量同比", AsOf).Comparison);
        Assert.Equal(TimeComparison.PeriodOverPeriod, RelativeDateResolver.Parse("上个月用电量环比", AsOf).Comparison);
        Assert.Equal(TimeComparison.YearOverYear, RelativeDateResolver.Parse("consumption last month year over year", AsOf).Comparison);
    }

    [Theory]
    [InlineData("今年每个月的工单数", TimeGrain.Month)]
    [InlineData("各月用电量", TimeGrain.Month)]
    [InlineData("monthly consumption", TimeGrain.Month)]
    [InlineData("每年的停电次数", TimeGrain.Year)]
    [InlineData("按季度统计", TimeGrain.Quarter)]
    [InlineData("每天的外呼量", TimeGrain.Day)]
    public void Finds_the_grain_to_group_by(string phrase, TimeGrain grain) =>
        Assert.Equal(grain, RelativeDateResolver.Parse(TextNormalizer.Normalize(phrase), AsOf).GroupBy);

    [Theory]
    [InlineData("合同容量超过2000的客户")]
    [InlineData("来自95598的工单")]
    [InlineData("how many outages were there")]
    [InlineData("一般工商业用户")]
    public void Numbers_and_words_that_are_not_dates_stay_untouched(string phrase) =>
        Assert.Null(RelativeDateResolver.Parse(TextNormalizer.Normalize(phrase), AsOf).Range);
}
