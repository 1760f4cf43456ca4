using IntegrationHub.Contracts.Workers.Reasoning;
using Library = IntegrationHub.Reasoning.TextToSql.Tests.Recognizers.LibrarySchema;
using Clinic = IntegrationHub.Reasoning.TextToSql.Tests.Recognizers.ClinicSchema;

namespace IntegrationHub.Reasoning.TextToSql.Tests.Recognizers;

/// <summary>DurationFragment, MetricComparison and CountedEntity on their own, English and Chinese, on two schemas.</summary>
public sealed class UnitConstructRecognizerTests
{
    private static readonly SemanticLayer LibraryLayer = new(
        [new SemanticMetric("罚款", ["fines", "penalty"], "loan", "SUM(loan.fine)")], [], []);

    [Theory]
    [InlineData("What is the average treatment duration?")]
    [InlineData("平均治疗时长是多少")]
    public void Duration_fragment_drops_the_number_column_a_duration_word_follows(string question)
    {
        Assert.Contains(Clinic.After<TermRoleRecognizer>(question).Model.NumericColumns, n => n.Column.Name == "treatment_cost");
        Assert.Empty(Clinic.After<DurationFragmentRecognizer>(question).Model.NumericColumns);
    }

    [Theory]
    [InlineData("What is the average treatment cost?", "visit", "treatment_cost")]
    [InlineData("平均治疗费用是多少", "visit", "treatment_cost")]
    [InlineData("What is the average fine?", "loan", "fine")]
    [InlineData("平均罚款金额是多少", "loan", "fine")]
    public void Duration_fragment_keeps_a_number_column_named_in_full(string question, string table, string column)
    {
        var plan = table == "visit" ? Clinic.After<DurationFragmentRecognizer>(question) : Library.After<DurationFragmentRecognizer>(question);
        Assert.Contains(plan.Model.NumericColumns, n => n.Column.Name == column);
    }

    [Theory]
    [InlineData("How many visits have a rating below 3?")]
    [InlineData("评分低于3的就诊有多少")]
    public void Metric_comparison_filters_rows_on_the_metric_column(string question)
    {
        var plan = Clinic.After<MetricComparisonRecognizer>(question, layer: true);
        Assert.Empty(plan.Model.Metrics);
        Assert.Equal("satisfaction", plan.Resolved[Assert.Single(plan.Comparisons).Subject!].Column?.Name);
        var sql = Plans.After<ComparisonFilterRecognizer>(new CatalogIndex(Clinic.Catalog, Clinic.Layer), question, Clinic.AsOf).Conditions;
        Assert.Contains("visit.satisfaction < @p0", sql);
    }

    [Theory]
    [InlineData("How many loans have penalty over 10?")]
    [InlineData("罚款超过10的借阅有多少")]
    public void Metric_comparison_on_a_second_schema(string question)
    {
        var plan = Plans.After<ComparisonFilterRecognizer>(new CatalogIndex(Library.Catalog, LibraryLayer), question, Library.AsOf);
        Assert.Empty(plan.Model.Metrics);
        Assert.Contains("loan.fine > @p0", plan.Conditions);
        Assert.Null(plan.Model.Having);
    }

    [Theory]
    [InlineData("Each branch: how many loans have penalty over 10?")]
    [InlineData("各分馆罚款超过10的借阅有多少")]
    public void Metric_comparison_with_a_group_stays_a_having(string question)
    {
        var plan = Plans.After<MetricComparisonRecognizer>(new CatalogIndex(Library.Catalog, LibraryLayer), question, Library.AsOf);
        Assert.NotEmpty(plan.Model.Metrics);
    }

    [Theory]
    [InlineData("Fines were charged to how many members?", "member.member_id")]
    [InlineData("有罚款金额的读者有多少", "member.member_id")]
    public void Counted_entity_counts_the_entity_named_after_the_amount(string question, string key)
    {
        var plan = Library.After<CountedEntityRecognizer>(question);
        Assert.Equal($"COUNT(DISTINCT {key})", Assert.Single(plan.Model.Measures).Sql);
    }

    [Theory]
    [InlineData("Treatment costs were paid by how many patients?", "patient.patient_id")]
    [InlineData("有治疗费用的患者有多少", "patient.patient_id")]
    public void Counted_entity_on_a_second_schema(string question, string key)
    {
        var plan = Clinic.After<CountedEntityRecognizer>(question);
        Assert.Equal($"COUNT(DISTINCT {key})", Assert.Single(plan.Model.Measures).Sql);
    }

    [Theory]
    [InlineData("How many members have a total fine?")]
    [InlineData("读者的罚款金额总计")]
    public void Counted_entity_is_not_read_when_the_entity_comes_first(string question)
    {
        var plan = Library.After<CountedEntityRecognizer>(question);
        Assert.DoesNotContain(plan.Model.Measures, m => m.Sql == "COUNT(DISTINCT member.member_id)");
    }

    [Theory]
    [InlineData("How many members have a grade of A or C?", "member.grade", "A,C")]
    [InlineData("读者等级为B的读者有多少", "member.grade", "B")]
    [InlineData("How many visits had triage B?", "visit.triage", "B")]
    [InlineData("分诊等级为C或D的就诊有多少", "visit.triage", "C,D")]
    public void Short_values_right_after_their_column_are_value_filters(string question, string column, string values)
    {
        var plan = question.Contains("visit") || question.Contains("就诊") ? Clinic.After<ValueFilterRecognizer>(question) : Library.After<ValueFilterRecognizer>(question);
        Assert.Equal(values, string.Join(",", plan.Model.ValueFilters.Select(v => v.Value)));
        Assert.All(plan.Model.ValueFilters, v => Assert.Equal(column, $"{v.Column.Table.Name}.{v.Column.Name}"));
    }

    [Theory]
    [InlineData("What is the grade a member has most often?")]
    [InlineData("How many members have grade information?")]
    public void Short_values_need_their_column_right_before_and_a_whole_word(string question)
    {
        Assert.Empty(Library.After<ValueFilterRecognizer>(question).Model.ValueFilters);
    }
}
