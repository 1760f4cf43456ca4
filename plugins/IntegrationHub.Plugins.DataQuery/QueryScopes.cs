namespace IntegrationHub.Plugins.DataQuery;

/// <summary>
/// The scopes DataQuery's endpoints need, and the <c>analyst</c> role it defines. What rows and columns a principal
/// sees is <c>Plugins:DataQuery:Access</c>'s to say, by the same principal name.
/// </summary>
public static class QueryScopes
{
    public const string Ask = "query:ask";

    /// <summary>Read one's own audit trail.</summary>
    public const string Audit = "query:audit";

    /// <summary>Read everyone's audit trail (admins hold it through <c>*</c>).</summary>
    public const string AuditAll = "query:audit:all";

    /// <summary>Save, change and delete one's own reports.</summary>
    public const string Reports = "query:reports";

    /// <summary>See, change and delete anyone's reports.</summary>
    public const string ReportsAll = "query:reports:all";

    public const string AnalystRole = "analyst";
}
