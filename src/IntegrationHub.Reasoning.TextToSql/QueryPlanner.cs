namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// Turns one question into SQL against one <see cref="CatalogIndex"/>: guards the question, links it
/// (<see cref="PlanContext"/>), runs the construct recognisers in order, each contributing to the one
/// <see cref="QueryModel"/>, and renders that model (<see cref="SqlRenderer"/>).
/// </summary>
internal sealed class QueryPlanner(CatalogIndex ix, string question, DateOnly asOf)
{
    /// <summary>The grammar, in the order the constructs depend on each other (roles before the fact table, measures before ratios …).</summary>
    internal static readonly IReadOnlyList<IConstructRecognizer> Recognizers =
    [
        new ComparisonSubjectRecognizer(),
        new TopTargetRecognizer(),
        new TermRoleRecognizer(),
        new ListedNumbersRecognizer(),
        new SuperlativeAdjectiveRecognizer(),
        new NegatedLinkRecognizer(),
        new DurationFragmentRecognizer(),
        new FactTableRecognizer(),
        new GroupByKindRecognizer(),
        new MetricComparisonRecognizer(),
        new AveragePerRowRecognizer(),
        new AggregateRecognizer(),
        new LatestTimeRecognizer(),
        new OneRowPerValueRecognizer(),
        new CountedEntityRecognizer(),
        new RowListRecognizer(),
        new DateDifferenceRecognizer(),
        new IntersectionRecognizer(),
        new CountRecognizer(),
        new SplitCountRecognizer(),
        new RatioRecognizer(),
        new ShareRecognizer(),
        new ValueFilterRecognizer(),
        new ComparisonFilterRecognizer(),
        new TimeColumnRecognizer(),
        new TimeRangeRecognizer(),
        new DayOfWeekRecognizer(),
        new GroupEntityRecognizer(),
        new CrossTableRatioRecognizer(),
        new ConstructCoverageRecognizer(),
        new CoverageRecognizer(),
    ];

    public TranslationResult Plan()
    {
        QuestionGuard.Check(question);
        var plan = new PlanContext(ix, question, asOf);
        QuestionGuard.RefuseUnlinked(plan);
        foreach (var recognizer in Recognizers) recognizer.Apply(plan);
        return new SqlRenderer(plan).Render();
    }
}
