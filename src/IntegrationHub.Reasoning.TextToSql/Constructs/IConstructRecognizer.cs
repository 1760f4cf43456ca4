namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// One construct of the question grammar (aggregates, grouping, top-N, comparisons, ratios, time ranges …): reads
/// the linked question in <see cref="PlanContext"/> and contributes to its <see cref="QueryModel"/> and row conditions.
/// Recognisers are stateless; <see cref="QueryPlanner"/> runs them in a fixed order, each seeing what the earlier ones
/// decided.
/// </summary>
internal interface IConstructRecognizer
{
    void Apply(PlanContext plan);
}
