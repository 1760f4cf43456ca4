namespace IntegrationHub.Reasoning.TextToSql.Tests.TestSupport;

public static class Paths
{
    /// <summary>The repository root (the folder holding IntegrationHub.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("IntegrationHub.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string PowerMarketingDataset => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "datasets", "power-marketing"));
}
