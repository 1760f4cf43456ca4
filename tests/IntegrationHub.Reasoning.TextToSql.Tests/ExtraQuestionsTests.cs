using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;
using Xunit.Abstractions;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

/// <summary>Paraphrases and new combinations over the demo database, to guard generalisation beyond the dev set.</summary>
[Collection(PowerMarketingCollection.Name)]
public sealed class ExtraQuestionsTests(PowerMarketingFixture db, ITestOutputHelper output)
{
    [Fact]
    public void Extra_question_set_execution_accuracy_is_at_least_90_percent()
    {
        var questions = PowerMarketingFixture.LoadQuestions(Path.Combine(AppContext.BaseDirectory, "Data", "extra-questions.jsonl"));
        Assert.True(questions.Count >= 30);
        var report = AccuracyRunner.Score(new OfflineTextToSqlEngine(), db.Connection, db.Catalog, db.Layer, PowerMarketingFixture.AsOf, questions,
            verbose: Environment.GetEnvironmentVariable("TEXT_TO_SQL_VERBOSE") == "1");
        output.WriteLine(report.Details);
        output.WriteLine($"EX {report.Correct}/{report.Total}");
        Console.WriteLine($"extra EX {report.Correct}/{report.Total}");
        Assert.True(report.Correct >= (int)Math.Ceiling(report.Total * 0.9), $"EX {report.Correct}/{report.Total}\n{report.Details}");
    }
}
