using IntegrationHub.Contracts.Data;
using IntegrationHub.DataSources;
using IntegrationHub.DemoData;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary>One demo power-marketing database per test run (built by the C# generator), with its catalog.</summary>
public sealed class DemoDatabase : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _shared;

    public string Path { get; private set; } = "";

    public DataSourceRegistry Sources { get; } = new();

    public DatabaseCatalog Catalog { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dq-demo-{Environment.ProcessId}.sqlite");
                PowerMarketingDatabase.EnsureCreated(path);
                _shared = path;
            }
        }
        finally
        {
            Gate.Release();
        }

        Path = _shared;
        Sources.Register("demo", DataSourceOptions.FromConnectionString($"Data Source={Path}"));
        Catalog = await Sources.GetCatalogAsync("demo");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static string? FindShared(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", relative);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }
}
