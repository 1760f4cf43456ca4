using IntegrationHub.Contracts.Workers.Reasoning;
using Library = IntegrationHub.Reasoning.TextToSql.Tests.Recognizers.LibrarySchema;
using Clinic = IntegrationHub.Reasoning.TextToSql.Tests.Recognizers.ClinicSchema;

namespace IntegrationHub.Reasoning.TextToSql.Tests.Recognizers;

/// <summary>
/// Constructs that compose more than one column or table: the time between two date columns, an intersection of two
/// values, the ratio of two tables' counts. English and Chinese, on the library schema (SQLite) and the clinic schema
/// (PostgreSQL).
/// </summary>
public sealed class CompositionRecognizerTests
{
    [Theory]
    [InlineData("What is the average number of days between borrowed and returned?")]
    [InlineData("借出日期到归还日期平均相差多少天")]
    public void Date_difference_averages_the_days_between_two_named_date_columns(string question)
    {
        var plan = Library.After<DateDifferenceRecognizer>(question);
        var measure = Assert.Single(plan.Model.Measures);
        Assert.Equal("AVG((julianday(loan.returned_at) - julianday(loan.borrowed_at)) * 1)", measure.Sql);
        Assert.False(plan.Model.RowList);
    }

    [Theory]
    [InlineData("Which visit had the longest time between admitted and discharged?", " DESC LIMIT 1")]
    [InlineData("列出每次就诊从入院到出院的时长", "")]
    public void Date_difference_is_per_row_when_rows_are_asked_for(string question, string ending)
    {
        var reply = Clinic.Translate(question);
        Assert.True(reply.Error is null, reply.Error?.Message);
        Assert.Contains("EXTRACT(EPOCH FROM (visit.discharged_at - visit.admitted_at)) / 3600", reply.Sql);
        Assert.DoesNotContain("AVG(", reply.Sql);
        Assert.DoesNotContain("GROUP BY", reply.Sql);
        Assert.EndsWith(ending, reply.Sql);
    }

    [Theory]
    [InlineData("What is the average number of days between registered and admitted?")]
    [InlineData("What is the total fine between borrowed and returned?")]
    public void Date_difference_needs_two_date_columns_of_one_table_and_nothing_else_measured(string question)
    {
        var plan = question.Contains("fine") ? Library.After<DateDifferenceRecognizer>(question) : Clinic.After<DateDifferenceRecognizer>(question);
        Assert.Null(plan.Model.Elapsed);
    }

    [Theory]
    [InlineData("Which members borrowed both novel and history books?")]
    [InlineData("哪些读者的借阅同时有逾期和丢失")]
    public void Intersection_keeps_the_entities_that_have_both_values(string question)
    {
        var reply = Library.Translate(question);
        Assert.True(reply.Error is null, reply.Error?.Message);
        Assert.Contains("GROUP BY member.member_id, member.member_name HAVING COUNT(DISTINCT ", reply.Sql);
        Assert.Contains(") = 2", reply.Sql);
        Assert.Contains(" IN (@p0, @p1)", reply.Sql);
        Assert.DoesNotContain("COUNT(*)", reply.Sql);
    }

    [Theory]
    [InlineData("How many patients visited both cardiology and oncology doctors?", "doctor.specialty")]
    [InlineData("同时有急诊和住院就诊的患者有多少", "visit.visit_type")]
    public void Intersection_counted_counts_the_entities(string question, string column)
    {
        var reply = Clinic.Translate(question);
        Assert.True(reply.Error is null, reply.Error?.Message);
        Assert.StartsWith("SELECT COUNT(*) AS ", reply.Sql);
        Assert.Contains($"HAVING COUNT(DISTINCT {column}) = 2", reply.Sql);
        Assert.Contains("GROUP BY patient.patient_id", reply.Sql);
    }

    [Fact]
    public void Intersection_without_another_entity_is_still_refused()
    {
        var reply = Library.Translate("Which books are both novel and history?");
        Assert.Equal("text-to-sql.not-understood", reply.Error?.Code);
    }

    [Theory]
    [InlineData("What is the ratio of books to members?", "book", "member")]
    [InlineData("图书与读者的数量之比", "book", "member")]
    [InlineData("What is the ratio of doctors to patients?", "doctor", "patient")]
    [InlineData("医生与患者数量之比是多少", "doctor", "patient")]
    public void Cross_table_ratio_counts_each_table_on_its_own(string question, string top, string bottom)
    {
        var reply = question.Contains("book") || question.Contains("图书") ? Library.Translate(question) : Clinic.Translate(question);
        Assert.True(reply.Error is null, reply.Error?.Message);
        Assert.StartsWith($"SELECT (SELECT COUNT(*) FROM {top}) * 1.0 / NULLIF((SELECT COUNT(*) FROM {bottom}), 0) AS ", reply.Sql);
        Assert.DoesNotContain(" JOIN ", reply.Sql);
    }

    [Fact]
    public void Cross_table_ratio_puts_each_condition_in_its_own_table()
    {
        var reply = Library.Translate("What is the ratio of novel books to members?");
        Assert.True(reply.Error is null, reply.Error?.Message);
        Assert.StartsWith("SELECT (SELECT COUNT(*) FROM book WHERE book.genre = @p0) * 1.0 / NULLIF((SELECT COUNT(*) FROM member), 0)", reply.Sql);
        Assert.Equal("novel", reply.Parameters!["p0"]);
    }

    [Theory]
    [InlineData("What is the ratio of books to members for each branch?")]
    [InlineData("各分馆图书与读者数量之比")]
    public void Cross_table_ratio_per_group_is_not_composed_and_refused(string question)
    {
        var reply = Library.Translate(question);
        Assert.Equal("text-to-sql.not-understood", reply.Error?.Code);
    }

    [Theory]
    [InlineData("How many members are students and how many are not?", "member.is_student = TRUE", "member.is_student = FALSE")]
    [InlineData("有多少读者是学生，多少不是", "member.is_student = TRUE", "member.is_student = FALSE")]
    [InlineData("How many loans are overdue and how many are not?", "loan.status = @p0", "loan.status <> @p0")]
    public void Split_count_counts_each_side_of_one_condition(string question, string yes, string no)
    {
        var reply = Library.Translate(question.Replace("overdue", "逾期"));
        Assert.True(reply.Error is null, reply.Error?.Message);
        Assert.Contains($"COUNT(CASE WHEN {yes} THEN 1 END)", reply.Sql);
        Assert.Contains($"COUNT(CASE WHEN {no} THEN 1 END)", reply.Sql);
        Assert.DoesNotContain("WHERE", reply.Sql);
    }

    [Theory]
    [InlineData("How many doctors are in cardiology and how many are not?", "doctor.specialty")]
    [InlineData("急诊就诊有多少，多少不是急诊", "visit.visit_type")]
    public void Split_count_on_a_second_schema(string question, string column)
    {
        var reply = Clinic.Translate(question);
        Assert.True(reply.Error is null, reply.Error?.Message);
        Assert.Contains($"COUNT(CASE WHEN {column} = @p0 THEN 1 END)", reply.Sql);
        Assert.Contains($"COUNT(CASE WHEN {column} <> @p0 THEN 1 END)", reply.Sql);
    }

    [Fact]
    public void Split_count_is_not_read_from_a_single_negated_count()
    {
        var reply = Library.Translate("How many members are not students?");
        Assert.Contains("WHERE member.is_student = FALSE", reply.Sql);
    }
}
