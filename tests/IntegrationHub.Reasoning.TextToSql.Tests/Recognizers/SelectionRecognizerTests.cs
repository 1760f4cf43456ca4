using static IntegrationHub.Reasoning.TextToSql.Tests.Recognizers.LibrarySchema;

namespace IntegrationHub.Reasoning.TextToSql.Tests.Recognizers;

/// <summary>What a question is about: term roles, top-N targets, superlatives, listed columns, the fact table, row lists, empty links.</summary>
public sealed class SelectionRecognizerTests
{
    [Theory]
    [InlineData("Number of loans for each member")]
    [InlineData("每个读者的借阅数量")]
    public void Term_roles_a_table_after_a_group_marker_is_the_grouped_entity(string question)
    {
        var plan = After<TermRoleRecognizer>(question);
        Assert.Equal(Table("member"), plan.Model.GroupEntity);
        Assert.Contains(plan.Model.Mentioned, t => t == Table("loan"));
    }

    [Theory]
    [InlineData("How many novel books are there?", "genre", "novel")]
    [InlineData("逾期的借阅有多少", "status", "逾期")]
    public void Term_roles_a_sampled_value_is_a_filter_on_its_column(string question, string column, string value)
    {
        var plan = After<TermRoleRecognizer>(question);
        var (col, v) = Assert.Single(plan.Model.ValueFilters);
        Assert.Equal((column, value), (col.Name, v));
    }

    [Theory]
    [InlineData("Top 3 members by number of loans", 3)]
    [InlineData("借阅次数最多的前5个读者", 5)]
    public void Top_target_is_the_entity_after_the_top_n_words(string question, int limit)
    {
        var plan = After<TopTargetRecognizer>(question);
        Assert.Equal(limit, plan.Words.Limit);
        Assert.Equal(Table("member"), plan.Resolved[plan.Model.TopTarget!].Table);
    }

    [Theory]
    [InlineData("Which is the largest branch?")]
    [InlineData("最大的分馆是哪个")]
    public void Superlative_adjective_names_the_column_when_none_is_named(string question)
    {
        var plan = After<SuperlativeAdjectiveRecognizer>(question);
        var (_, column) = Assert.Single(plan.Model.NumericColumns);
        Assert.Equal("floor_area", column.Name);
        Assert.True(plan.Model.Descending);
    }

    [Theory]
    [InlineData("List the titles and prices of the books")]
    [InlineData("列出图书的书名和价格")]
    public void Listed_numbers_are_output_columns_not_sums(string question)
    {
        var plan = After<ListedNumbersRecognizer>(question);
        Assert.Empty(plan.Model.NumericColumns);
        Assert.Contains(plan.Model.Outputs, c => c.Name == "price");
    }

    [Theory]
    [InlineData("Total fine per branch")]
    [InlineData("各分馆的罚款金额总和")]
    public void Fact_table_is_the_table_of_the_measured_column(string question)
    {
        var plan = After<FactTableRecognizer>(question);
        Assert.Equal(Table("loan"), plan.Model.Fact);
        Assert.Equal(Table("branch"), plan.Model.GroupEntity);
    }

    [Theory]
    [InlineData("List the members who are students")]
    [InlineData("列出是学生的读者")]
    public void Row_list_lists_rows_with_a_boolean_condition(string question)
    {
        var plan = After<RowListRecognizer>(question);
        Assert.True(plan.Model.RowList);
        Assert.Contains(plan.Model.Booleans, b => b.Column.Name == "is_student" && b.Value);
    }

    [Theory]
    [InlineData("What are the 2 largest branches?")]
    [InlineData("面积最大的2个分馆")]
    public void Row_list_of_the_top_rows_orders_by_the_column_itself(string question)
    {
        var plan = After<RowListRecognizer>(question);
        Assert.True(plan.Model.TopRows);
        Assert.Contains(plan.Model.Measures, m => m.Column?.Name == "floor_area" && !m.Aggregated);
    }

    [Theory]
    [InlineData("How many members have no branch?")]
    [InlineData("没有所属分馆的读者有多少")]
    public void Negated_link_to_a_table_is_an_empty_key(string question)
    {
        var plan = After<NegatedLinkRecognizer>(question);
        Assert.Contains("member.branch_id IS NULL", plan.Conditions);
    }
}
