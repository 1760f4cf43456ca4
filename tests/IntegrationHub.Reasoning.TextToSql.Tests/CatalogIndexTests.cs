using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;
using Xunit.Abstractions;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

[Collection(PowerMarketingCollection.Name)]
public sealed class CatalogIndexTests(PowerMarketingFixture db, ITestOutputHelper output)
{
    [Fact]
    public void Tables_get_nouns_display_category_and_default_time_columns()
    {
        var ix = new CatalogIndex(db.Catalog, null);
        foreach (var t in ix.Tables) output.WriteLine($"{t.Name}: noun={t.Noun} display={t.Display?.Name} category={t.Category?.Name} time={t.DefaultTime?.Name}");
        Assert.Equal("工单", ix.Table("work_order")!.Noun);
        Assert.Equal("kind", ix.Table("work_order")!.Category!.Name);
        Assert.Equal("purpose", ix.Table("outbound_call")!.Category!.Name);
        Assert.Equal("name", ix.Table("customer")!.Display!.Name);
        Assert.Equal("start_at", ix.Table("outage")!.DefaultTime!.Name);
        Assert.Equal(TimeFormat.Month, ix.Table("bill")!.Column("month")!.Time);
    }

    [Fact]
    public void Join_paths_follow_foreign_keys_by_shortest_route()
    {
        var ix = new CatalogIndex(db.Catalog, null);
        var path = ix.Path(ix.Table("outbound_call")!, ix.Table("region")!)!;
        Assert.Equal(["customer", "region"], path.Select(p => p.Table.Name));
        Assert.Single(ix.Path(ix.Table("work_order")!, ix.Table("region")!)!);
        Assert.True(ix.Reaches(ix.Table("payment")!, ix.Table("region")!));
        Assert.False(ix.Reaches(ix.Table("region")!, ix.Table("payment")!));
    }
}

[Collection(PowerMarketingCollection.Name)]
public sealed class TokenDebug(PowerMarketingFixture db)
{
    [Fact]
    public void Tokens()
    {
        var q = Environment.GetEnvironmentVariable("TEXT_TO_SQL_TOKENS");
        if (q is null) return;
        var catalog = Environment.GetEnvironmentVariable("TEXT_TO_SQL_DB") is { } path ? Catalogs.Read(path, "debug") : db.Catalog;
        var ix = new CatalogIndex(catalog, Environment.GetEnvironmentVariable("TEXT_TO_SQL_DB") is null ? db.Layer : null);
        var text = TextNormalizer.Normalize(q);
        foreach (var t in ix.Match(text.ToCharArray()))
            Console.WriteLine($"{t.Start}+{t.Length} {t.Text}: " + string.Join(" | ", t.Targets.Select(x => x.Key + (x.Derived ? "(d)" : ""))));
    }
}
