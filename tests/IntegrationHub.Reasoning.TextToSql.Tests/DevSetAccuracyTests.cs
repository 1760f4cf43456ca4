using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;
using Xunit.Abstractions;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

[Collection(PowerMarketingCollection.Name)]
public sealed class DevSetAccuracyTests(PowerMarketingFixture db, ITestOutputHelper output)
{
    [Fact]
    public void Dev_set_execution_accuracy_is_at_least_38_of_40()
    {
        var questions = PowerMarketingFixture.LoadQuestions(Path.Combine(Paths.PowerMarketingDataset, "questions.dev.jsonl"));
        var report = AccuracyRunner.Score(new OfflineTextToSqlEngine(), db.Connection, db.Catalog, db.Layer, PowerMarketingFixture.AsOf, questions,
            verbose: Environment.GetEnvironmentVariable("TEXT_TO_SQL_VERBOSE") == "1");
        output.WriteLine(report.Details);
        output.WriteLine($"EX {report.Correct}/{report.Total}");
        Console.WriteLine($"dev EX {report.Correct}/{report.Total}");
        Assert.True(report.Correct >= 38, $"EX {report.Correct}/{report.Total}\n{report.Details}");
    }
}
