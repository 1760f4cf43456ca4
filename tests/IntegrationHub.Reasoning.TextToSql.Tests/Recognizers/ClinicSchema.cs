using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql.Tests.Recognizers;

/// <summary>
/// A second schema the recogniser tests build in code, in the PostgreSQL dialect: patients, doctors, visits with
/// admission and discharge timestamps, a cost, a rating; a small semantic layer with one metric. Neither the demo
/// schema nor a defog one.
/// </summary>
internal static class ClinicSchema
{
    public static readonly DateOnly AsOf = new(2025, 6, 18);

    public static DatabaseCatalog Catalog { get; } = new("clinic", "postgresql",
    [
        Table("patient", "患者", ["patient_id"], [],
            Col("patient_id", "integer", "患者编号"), Col("patient_name", "text", "患者姓名"), Col("registered_on", "date", "登记日期")),
        Table("doctor", "医生", ["doctor_id"], [],
            Col("doctor_id", "integer", "医生编号"), Col("doctor_name", "text", "医生姓名"),
            Col("specialty", "text", "专科", ["cardiology", "oncology", "pediatrics"])),
        Table("visit", "就诊记录", ["visit_id"], [new ForeignKeyInfo("patient_id", "patient", "patient_id"), new ForeignKeyInfo("doctor_id", "doctor", "doctor_id")],
            Col("visit_id", "integer", "就诊编号"), Col("patient_id", "integer", "患者"), Col("doctor_id", "integer", "医生"),
            Col("admitted_at", "timestamp without time zone", "入院时间"), Col("discharged_at", "timestamp without time zone", "出院时间"),
            Col("treatment_cost", "numeric", "治疗费用"), Col("satisfaction", "numeric", "满意度"),
            Col("visit_type", "text", "就诊类型", ["急诊", "门诊", "住院"]), Col("triage", "text", "分诊等级", ["A", "B", "C", "D"])),
    ], new DateTimeOffset(2025, 6, 18, 0, 0, 0, TimeSpan.Zero));

    /// <summary>A layer a business user might write: "rating"/"评分" is the average satisfaction.</summary>
    public static SemanticLayer Layer { get; } = new(
        [new SemanticMetric("评分", ["rating"], "visit", "AVG(visit.satisfaction)")], [], []);

    private static readonly CatalogIndex Index = new(Catalog, null);
    private static readonly CatalogIndex WithLayer = new(Catalog, Layer);

    public static TableModel Table(string name) => Index.Table(name)!;

    /// <summary>Links <paramref name="question"/> and runs the planner's recognisers up to and including <typeparamref name="T"/>.</summary>
    public static PlanContext After<T>(string question, bool layer = false) where T : IConstructRecognizer =>
        Plans.After<T>(layer ? WithLayer : Index, question, AsOf);

    public static TextToSqlReply Translate(string question) =>
        new OfflineTextToSqlEngine().Translate(new TextToSqlRequest(question, Catalog, AsOf, null));

    private static TableInfo Table(string name, string description, string[] key, ForeignKeyInfo[] links, params ColumnInfo[] columns) =>
        new(name, "public", description, columns, key, links);

    private static ColumnInfo Col(string name, string type, string description, string[]? values = null) =>
        new(name, type, description, true, values);
}

/// <summary>Runs the planner's recognisers over a question up to one of them.</summary>
internal static class Plans
{
    public static PlanContext After<T>(CatalogIndex index, string question, DateOnly asOf) where T : IConstructRecognizer
    {
        var plan = new PlanContext(index, question, asOf);
        foreach (var recognizer in QueryPlanner.Recognizers)
        {
            recognizer.Apply(plan);
            if (recognizer is T) return plan;
        }
        throw new InvalidOperationException($"{typeof(T).Name} is not in the planner's list.");
    }
}
