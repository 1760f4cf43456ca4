using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

/// <summary>
/// One test per construct of the question grammar, each in Chinese and English, on the demo database (with its
/// shipped semantic layer) and on a railway database the tests build without declared keys.
/// </summary>
[Collection(PowerMarketingCollection.Name)]
public sealed class ConstructTests(PowerMarketingFixture demo, ITestOutputHelper output) : IDisposable
{
    private readonly RailwayDatabase _rail = new();
    private readonly OfflineTextToSqlEngine _engine = new();

    [Theory]
    [InlineData("各线路的车次数", "SELECT l.line_name, COUNT(*) FROM trip t JOIN station s ON t.station_id = s.station_id JOIN line l ON s.line_id = l.line_id GROUP BY l.line_id")]
    [InlineData("Number of trips per line", "SELECT l.line_name, COUNT(*) FROM trip t JOIN station s ON t.station_id = s.station_id JOIN line l ON s.line_id = l.line_id GROUP BY l.line_id")]
    public void Joins_follow_keys_inferred_from_names_when_none_are_declared(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("2012年开通的线路有几条", "SELECT COUNT(*) FROM line WHERE opened_year = 2012")]
    [InlineData("How many lines were opened in 2012?", "SELECT COUNT(*) FROM line WHERE opened_year = 2012")]
    [InlineData("每年开通的线路数", "SELECT opened_year, COUNT(*) FROM line GROUP BY opened_year")]
    [InlineData("Number of lines opened in each year", "SELECT opened_year, COUNT(*) FROM line GROUP BY opened_year")]
    public void A_whole_number_year_column_is_grouped_and_compared_as_a_year(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("最长的线路是哪条", "SELECT line_name, length_km FROM line ORDER BY length_km DESC LIMIT 1")]
    [InlineData("Which is the longest line?", "SELECT line_name, length_km FROM line ORDER BY length_km DESC LIMIT 1")]
    [InlineData("What are the highest stations, ordered from highest to lowest?", "SELECT station_name, altitude_m FROM station ORDER BY altitude_m DESC")]
    public void A_superlative_adjective_orders_by_the_column_it_is_about(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("非换乘站有多少个", "SELECT COUNT(*) FROM station WHERE NOT is_transfer")]
    [InlineData("How many stations are not transfer stations?", "SELECT COUNT(*) FROM station WHERE NOT is_transfer")]
    [InlineData("晚点的车次有多少", "SELECT COUNT(*) FROM trip WHERE delayed")]
    [InlineData("How many trips were delayed?", "SELECT COUNT(*) FROM trip WHERE delayed")]
    public void Boolean_columns_are_conditions_and_negation_flips_them(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("What is the ratio of passengers on delayed trips to passengers on trips that were not delayed?",
        "SELECT SUM(CASE WHEN delayed THEN passengers ELSE 0 END) * 1.0 / SUM(CASE WHEN NOT delayed THEN passengers ELSE 0 END) FROM trip")]
    [InlineData("晚点车次与未晚点车次的载客人数之比",
        "SELECT SUM(CASE WHEN delayed THEN passengers ELSE 0 END) * 1.0 / SUM(CASE WHEN NOT delayed THEN passengers ELSE 0 END) FROM trip")]
    public void A_ratio_of_one_measure_under_two_conditions(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("What is the ratio of the total contract capacity to the total number of customers?", "SELECT SUM(contract_capacity_kva) * 1.0 / COUNT(*) FROM customer")]
    [InlineData("What is the ratio of the length of 东环线 to the length of 南湖线?", "SELECT 42.5 / 23.1")]
    public void A_ratio_of_two_aggregates_or_two_named_rows(string question, string gold)
    {
        if (question.Contains("东环线")) AssertRail(question, gold);
        else AssertDemo(question, gold);
    }

    [Theory]
    [InlineData("What are the names and lengths of the lines?", "SELECT line_name, length_km FROM line")]
    [InlineData("列出线路名称和线路长度", "SELECT line_name, length_km FROM line")]
    public void Asked_for_number_columns_are_listed_not_summed(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("What are the names and contract capacities of customers in 杭州?", "SELECT c.name, c.contract_capacity_kva FROM customer c JOIN region r ON c.region_id = r.region_id WHERE r.city = '杭州'")]
    [InlineData("列出杭州客户的户名和合同容量", "SELECT c.name, c.contract_capacity_kva FROM customer c JOIN region r ON c.region_id = r.region_id WHERE r.city = '杭州'")]
    public void Asked_for_number_columns_are_listed_on_the_demo_database(string question, string gold) => AssertDemo(question, gold);

    [Theory]
    [InlineData("What is the name of the customer with the highest contract capacity?", "SELECT name FROM customer ORDER BY contract_capacity_kva DESC LIMIT 1")]
    [InlineData("合同容量最大的客户是哪个", "SELECT name FROM customer ORDER BY contract_capacity_kva DESC LIMIT 1")]
    public void The_row_with_the_largest_value_of_a_named_column(string question, string gold) => AssertDemo(question, gold);

    [Theory]
    [InlineData("没有所属线路的车站有哪些", "SELECT station_id, station_name FROM station WHERE line_id IS NULL")]
    [InlineData("Which stations are not on any line?", "SELECT station_id, station_name FROM station WHERE line_id IS NULL")]
    public void A_negated_related_table_means_the_link_is_empty(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("没有关联客户的工单有多少", "SELECT COUNT(*) FROM work_order WHERE customer_id IS NULL")]
    [InlineData("How many work orders have no customer?", "SELECT COUNT(*) FROM work_order WHERE customer_id IS NULL")]
    public void A_negated_related_table_on_the_demo_database(string question, string gold) => AssertDemo(question, gold);

    [Theory]
    [InlineData("今天天气怎么样", "天气怎么样")]
    [InlineData("What is the weather forecast?", "'weather'")]
    public void A_refusal_names_the_words_it_could_not_link(string question, string named)
    {
        foreach (var (catalog, layer) in new[] { (_rail.Catalog, (SemanticLayer?)null), (demo.Catalog, demo.Layer) })
        {
            var reply = _engine.Translate(new TextToSqlRequest(question, catalog, PowerMarketingFixture.AsOf, layer));
            Assert.Null(reply.Sql);
            Assert.Equal("text-to-sql.unlinked", reply.Error?.Code);
            Assert.Contains(named, reply.Error!.Message);
        }
    }

    [Theory]
    [InlineData("how does the station count differ", "station")]
    public void Function_words_never_link_to_columns_or_values(string question, string expectedTable)
    {
        var ix = new CatalogIndex(_rail.Catalog, null);
        var tokens = ix.Match(TextNormalizer.Normalize(question).ToCharArray());
        Assert.All(tokens, t => Assert.Equal(expectedTable, t.First.Table.Name));
    }

    [Fact]
    public void Keys_and_links_are_inferred_from_names()
    {
        var ix = new CatalogIndex(_rail.Catalog, null);
        Assert.Equal("line_id", ix.Table("line")!.Key!.Name);
        Assert.Equal("station_id", ix.Table("station")!.Key!.Name);
        Assert.True(ix.Reaches(ix.Table("trip")!, ix.Table("line")!));
        Assert.False(ix.Reaches(ix.Table("line")!, ix.Table("trip")!));
    }

    [Theory]
    [InlineData("周末的车次有多少", "SELECT COUNT(*) FROM trip WHERE CAST(strftime('%w', run_date) AS INTEGER) IN (0, 6)")]
    [InlineData("How many trips ran on weekends?", "SELECT COUNT(*) FROM trip WHERE CAST(strftime('%w', run_date) AS INTEGER) IN (0, 6)")]
    [InlineData("工作日的载客人数总和", "SELECT SUM(passengers) FROM trip WHERE CAST(strftime('%w', run_date) AS INTEGER) NOT IN (0, 6)")]
    [InlineData("What is the total number of passengers on weekdays?", "SELECT SUM(passengers) FROM trip WHERE CAST(strftime('%w', run_date) AS INTEGER) NOT IN (0, 6)")]
    public void Weekends_and_weekdays_keep_those_days_of_the_date_column(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("周末发生的停电有多少次", "SELECT COUNT(*) FROM outage WHERE CAST(strftime('%w', start_at) AS INTEGER) IN (0, 6)")]
    [InlineData("How many outages started on a weekend?", "SELECT COUNT(*) FROM outage WHERE CAST(strftime('%w', start_at) AS INTEGER) IN (0, 6)")]
    public void Weekends_on_the_demo_database(string question, string gold) => AssertDemo(question, gold);

    [Theory]
    [InlineData("近30天的车次数", "SELECT COUNT(*) FROM trip WHERE run_date >= '2025-05-20'")]
    [InlineData("How many trips were there in the last 30 days?", "SELECT COUNT(*) FROM trip WHERE run_date >= '2025-05-20'")]
    [InlineData("每月的载客人数总和", "SELECT substr(run_date, 1, 7), SUM(passengers) FROM trip GROUP BY 1")]
    [InlineData("Total passengers per month", "SELECT substr(run_date, 1, 7), SUM(passengers) FROM trip GROUP BY 1")]
    public void Date_columns_take_intervals_from_the_as_of_date_and_group_by_month(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("距最近一次车次运行多少天", "SELECT CAST(julianday('2025-06-18') - julianday(MAX(run_date)) AS INTEGER) FROM trip")]
    [InlineData("How many days has it been since the latest trip?", "SELECT CAST(julianday('2025-06-18') - julianday(MAX(run_date)) AS INTEGER) FROM trip")]
    public void Days_since_the_latest_date_count_to_the_as_of_date(string question, string gold) => AssertRail(question, gold);

    [Theory]
    [InlineData("距离上次停电多少天", "SELECT CAST(julianday('2025-06-18') - julianday(MAX(start_at)) AS INTEGER) FROM outage")]
    [InlineData("How long has it been since the last outage, in days?", "SELECT CAST(julianday('2025-06-18') - julianday(MAX(start_at)) AS INTEGER) FROM outage")]
    public void Days_since_the_latest_date_on_the_demo_database(string question, string gold) => AssertDemo(question, gold);

    private void AssertRail(string question, string gold) => AssertAnswer(_rail.Connection, _rail.Catalog, question, gold);

    /// <summary>The demo database as a user has it: catalog and its shipped semantic layer.</summary>
    private void AssertDemo(string question, string gold) => AssertAnswer(demo.Connection, demo.Catalog, question, gold, demo.Layer);

    private void AssertAnswer(SqliteConnection connection, DatabaseCatalog catalog, string question, string gold, SemanticLayer? layer = null)
    {
        var reply = _engine.Translate(new TextToSqlRequest(question, catalog, PowerMarketingFixture.AsOf, layer));
        output.WriteLine($"{question}\n  {reply.Sql}\n  {reply.Error?.Message}");
        Assert.True(reply.Error is null, reply.Error?.Message);
        var rows = ExecutionAccuracy.Run(connection, reply.Sql!, reply.Parameters);
        var want = ExecutionAccuracy.Run(connection, gold);
        Assert.True(ExecutionAccuracy.Matches(rows, want), $"{reply.Sql}\n got {ExecutionAccuracy.Show(rows)}\n want {ExecutionAccuracy.Show(want)}");
    }

    public void Dispose() => _rail.Dispose();
}
