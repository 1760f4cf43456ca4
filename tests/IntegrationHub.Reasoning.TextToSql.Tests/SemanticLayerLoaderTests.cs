using IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

namespace IntegrationHub.Reasoning.TextToSql.Tests;

[Collection(PowerMarketingCollection.Name)]
public sealed class SemanticLayerLoaderTests(PowerMarketingFixture db)
{
    [Fact]
    public void Shipped_power_marketing_layer_loads_and_fits_the_demo_database()
    {
        var layer = SemanticLayerLoader.LoadShipped("power-marketing")!;
        Assert.Contains(layer.Metrics, m => m.Name == "用电量" && m.Expression == "SUM(monthly_consumption.total_kwh)" && m.Synonyms.Contains("电量"));
        Assert.Contains(layer.Filters, f => f.Name == "未办结");
        Assert.Contains(layer.Values!, v => v.Value == "杭州" && v.Synonyms.Contains("hangzhou"));
        Assert.Equal("start_at", layer.TimeColumns!["outage"]);
        Assert.True(SemanticLayerLoader.Matches(layer, db.Catalog));
    }

    [Fact]
    public void Json_is_accepted_and_missing_fields_are_reported()
    {
        var layer = SemanticLayerLoader.Parse("""{"metrics": [{"name": "缺陷数", "synonyms": ["defects"], "table": "defect", "expression": "COUNT(*)"}], "tables": {"defect": ["毛病"]}}""");
        Assert.Single(layer.Metrics);
        Assert.Equal(["毛病"], layer.TableSynonyms!["defect"]);
        var e = Assert.Throws<FormatException>(() => SemanticLayerLoader.Parse("metrics:\n  - name: x\n    table: t\n"));
        Assert.Contains("expression", e.Message);
        Assert.Throws<FormatException>(() => SemanticLayerLoader.Parse("metrics: [unclosed"));
    }

    [Fact]
    public void A_layer_for_another_schema_does_not_match()
    {
        var layer = SemanticLayerLoader.Parse("metrics:\n  - { name: m, table: defect, expression: COUNT(*) }\n");
        Assert.False(SemanticLayerLoader.Matches(layer, db.Catalog));
    }
}
