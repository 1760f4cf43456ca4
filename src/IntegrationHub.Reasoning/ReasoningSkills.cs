namespace IntegrationHub.Reasoning;

/// <summary>Skill names, as used in configuration (<c>Reasoning:Skills:NAME</c>), metrics and <c>ReasoningMeta.Skill</c>.</summary>
public static class ReasoningSkills
{
    public const string TextToSql = "text-to-sql";
    public const string ClassifyIntent = "classify-intent";
    public const string Summarize = "summarize";
    public const string Draft = "draft";
}
