using System.Globalization;
using System.Runtime.Loader;
using System.Text.Json;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.DataSources;
using IntegrationHub.Host;
using IntegrationHub.Host.Plugins;
using IntegrationHub.Reasoning.TextToSql;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Cli.Composition;

/// <param name="ConnectionString">The database asked about: <c>Data Source=FILE.sqlite</c>, a .sqlite path or a PostgreSQL connection string.</param>
/// <param name="SemanticLayerPath">A semantic layer file; null = the shipped power-marketing layer when the schema matches, else none.</param>
/// <param name="MaxRows">Rows an answer carries at most.</param>
/// <param name="DefaultUser">Who asks when a question names no user.</param>
public sealed record EmbeddedQueryHubOptions(string ConnectionString, string? SemanticLayerPath, int MaxRows, string DefaultUser);

/// <summary>
/// A hub started inside the CLI for <c>hub ask</c> and <c>hub bench query</c>: in-memory bus, its own SQLite store
/// in a fresh temp folder (never a running hub's data folder), Kestrel on a loopback port of its own, the reasoning
/// worker in process, and only the DataQuery plugin, loaded from <c>plugins/DataQuery</c> into its own load context.
/// Questions go to the plugin over the bus as <see cref="AskQuestionRequest"/>, exactly as any other sender's would.
/// </summary>
public sealed class EmbeddedQueryHub : IAsyncDisposable
{
    public const string PluginId = "DataQuery";
    public const string Source = "cli";

    private static readonly TimeSpan AskTimeout = TimeSpan.FromMinutes(2);

    private readonly WebApplication _app;
    private readonly DirectoryInfo _data;
    private readonly IClientFactory _clients;

    private EmbeddedQueryHub(WebApplication app, DirectoryInfo data, DatabaseCatalog catalog, SemanticLayer? layer)
    {
        _app = app;
        _data = data;
        Catalog = catalog;
        SemanticLayer = layer;
        _clients = app.Services.GetRequiredService<IClientFactory>();
    }

    public DatabaseCatalog Catalog { get; }

    public SemanticLayer? SemanticLayer { get; }

    public static async Task<EmbeddedQueryHub> StartAsync(EmbeddedQueryHubOptions options, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("hub-ask-");
        WebApplication? app = null;
        try
        {
            var database = DataSourceOptions.FromConnectionString(options.ConnectionString);
            var settings = new Dictionary<string, string?>
            {
                ["Hub:DataDirectory"] = data.FullName,
                ["Hub:Storage:Provider"] = "Sqlite",
                ["Hub:Storage:ConnectionString"] = "",
                ["Hub:Bus:Transport"] = "InMemory",
                ["Hub:InProcessWorkers"] = "true",
                ["Hub:LoadPlugins"] = "true",
                ["Hub:PluginsPath"] = PluginsPath,
                [$"{DataSourceOptions.Section}:{Source}:Provider"] = database.Provider.ToString(),
                [$"{DataSourceOptions.Section}:{Source}:ConnectionString"] = database.ConnectionString,
                [$"{DataSourceOptions.Section}:{Source}:RowLimit"] = Math.Max(1, options.MaxRows).ToString(CultureInfo.InvariantCulture),
                [$"Plugins:{PluginId}:Enabled"] = "true",
                [$"Plugins:{PluginId}:DefaultSource"] = Source,
                [$"Plugins:{PluginId}:RowLimit"] = Math.Max(1, options.MaxRows).ToString(CultureInfo.InvariantCulture),
                [$"Plugins:{PluginId}:DefaultUser"] = options.DefaultUser,
            };
            foreach (var section in OtherPluginSections())
            {
                settings[$"{section}:Enabled"] = "false";
            }

            // Plugins:DataQuery:Access (who sees what) comes from appsettings.json like the hub's own.
            app = HubRuntime.Build(["--urls=http://127.0.0.1:0"], [new ReasoningModule(), new DataQueryHubModule()], builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                // Batch answers may go to stdout: the hub's own logging goes to stderr, warnings and worse only.
                builder.Logging.ClearProviders();
                builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                builder.Services.Configure<LoggerFilterOptions>(o =>
                {
                    o.Rules.Clear();
                    o.MinLevel = LogLevel.Warning;
                });
            });

            var registry = app.Services.GetRequiredService<DataSourceRegistry>();
            var catalog = await registry.GetCatalogAsync(Source, false, cancellationToken);
            SemanticLayer? layer = null;
            if (options.SemanticLayerPath is not null)
            {
                layer = SemanticLayerLoader.LoadFile(options.SemanticLayerPath);
            }
            else if (SemanticLayerLoader.LoadShipped("power-marketing") is { } shipped && SemanticLayerLoader.Matches(shipped, catalog))
            {
                layer = shipped;
            }

            registry.SetSemanticLayer(Source, layer);
            await app.StartAsync(cancellationToken);
            var status = app.Services.GetRequiredService<PluginManager>().List().FirstOrDefault(p => p.Name.Equals(PluginId, StringComparison.OrdinalIgnoreCase));
            if (status is not { State: nameof(PluginState.Running) })
            {
                var why = status is null ? $"there is no {Path.Combine(PluginsPath, PluginId)}" : $"it is {status.State}: {string.Join("; ", status.Failures.Select(f => f.Reason))}";
                throw new InvalidOperationException($"The {PluginId} plugin did not start ({why}).");
            }

            return new EmbeddedQueryHub(app, data, catalog, layer);
        }
        catch
        {
            await StopAsync(app, data);
            throw;
        }
    }

    public async Task<AskQuestionReply> AskAsync(AskQuestionRequest request, CancellationToken cancellationToken)
    {
        var client = _clients.CreateRequestClient<AskQuestionRequest>(RequestTimeout.After(ms: (int)AskTimeout.TotalMilliseconds));
        var response = await client.GetResponse<AskQuestionReply>(request, cancellationToken);
        return response.Message;
    }

    /// <summary>The text-to-SQL skill alone, through the bus to the in-process reasoning worker (what the plugin asks it).</summary>
    public async Task<TextToSqlReply> TranslateAsync(TextToSqlRequest request, CancellationToken cancellationToken)
    {
        var client = _clients.CreateRequestClient<TextToSqlRequest>(RequestTimeout.After(ms: (int)AskTimeout.TotalMilliseconds));
        var response = await client.GetResponse<TextToSqlReply>(request, cancellationToken);
        return response.Message;
    }

    /// <summary>Where the answering plugin's code lives: its version and load context (never the CLI's own).</summary>
    public string DescribePlugin()
    {
        var status = _app.Services.GetRequiredService<PluginManager>().List().First(p => p.Name.Equals(PluginId, StringComparison.OrdinalIgnoreCase));
        var context = AssemblyLoadContext.All.FirstOrDefault(c => c.Assemblies.Any(a => a.GetName().Name == $"IntegrationHub.Plugins.{PluginId}"));
        var where = context is null ? "not loaded"
            : context == AssemblyLoadContext.Default ? "the default load context"
            : context.IsCollectible ? "its own collectible load context" : $"load context '{context.Name}'";
        return $"{PluginId} plugin {status.Version}, {status.State}, in {where}";
    }

    public async ValueTask DisposeAsync() => await StopAsync(_app, _data);

    private static string PluginsPath => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>The configuration sections of the bundled plugins other than DataQuery, so they stay unloaded.</summary>
    private static IEnumerable<string> OtherPluginSections()
    {
        if (!Directory.Exists(PluginsPath)) yield break;
        foreach (var folder in Directory.EnumerateDirectories(PluginsPath))
        {
            var file = Path.Combine(folder, PluginManifest.FileName);
            if (!File.Exists(file)) continue;
            PluginManifest? manifest;
            try
            {
                manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web));
            }
            catch (JsonException)
            {
                continue;
            }

            if (manifest is not null && !manifest.Id.Equals(PluginId, StringComparison.OrdinalIgnoreCase)) yield return manifest.SectionOrDefault;
        }
    }

    private static async Task StopAsync(WebApplication? app, DirectoryInfo data)
    {
        if (app is not null)
        {
            try
            {
                await app.StopAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Never started (the database could not be read): nothing to stop.
            }

            await app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
