using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

/// <summary>The demo database built by ../shared/datasets/power-marketing/generate.py, its catalog and shipped semantic layer.</summary>
public sealed class PowerMarketingFixture : IDisposable
{
    public static readonly DateOnly AsOf = new(2025, 6, 18);

    public PowerMarketingFixture()
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), "ih-texttosql-power-marketing.sqlite");
        if (!File.Exists(DatabasePath))
        {
            var tmp = DatabasePath + "." + Environment.ProcessId + ".tmp";
            var psi = new ProcessStartInfo("python3", [Path.Combine(Paths.PowerMarketingDataset, "generate.py"), tmp]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("generate.py failed: " + err);
            File.Move(tmp, DatabasePath, overwrite: true);
        }
        Connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        Connection.Open();
        Catalog = Catalogs.Read(DatabasePath, "power-marketing");
        Layer = SemanticLayerLoader.LoadShipped("power-marketing") ?? throw new InvalidOperationException("power-marketing.yaml not copied to output");
    }

    public string DatabasePath { get; }
    public SqliteConnection Connection { get; }
    public DatabaseCatalog Catalog { get; }
    public SemanticLayer Layer { get; }

    public static List<GoldQuestion> LoadQuestions(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<GoldQuestion>(l, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!).ToList();

    public void Dispose() => Connection.Dispose();
}

public sealed record GoldQuestion(string Id, string Question, [property: System.Text.Json.Serialization.JsonPropertyName("gold_sql")] string GoldSql);

[CollectionDefinition(Name)]
public sealed class PowerMarketingCollection : ICollectionFixture<PowerMarketingFixture>
{
    public const string Name = "power-marketing";
}
