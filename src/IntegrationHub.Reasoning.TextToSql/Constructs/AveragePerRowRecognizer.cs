namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>"平均每个缺陷的整改费用": "each row of the fact table" is not a grouping.</summary>
internal sealed class AveragePerRowRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        if (p.Model.GroupEntity == p.Model.Fact && p.Model.TopTargetTable != p.Model.Fact && p.Words.Agg == Agg.Avg) p.Model.GroupEntity = null;
    }
}
