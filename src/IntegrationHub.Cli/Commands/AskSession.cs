using System.Globalization;
using IntegrationHub.Cli.Composition;
using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.DataSources;
using IntegrationHub.Reasoning.TextToSql;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Cli.Commands;

/// <param name="ConnectionString">The database asked about: <c>Data Source=FILE.sqlite</c>, a .sqlite path or a PostgreSQL connection string.</param>
/// <param name="SemanticLayerPath">A semantic layer file; null = the shipped power-marketing layer when the schema matches, else none.</param>
/// <param name="MaxRows">Rows an answer carries at most.</param>
/// <param name="DefaultUser">Who asks when a question names no user.</param>
public sealed record AskSessionOptions(string ConnectionString, string? SemanticLayerPath, int MaxRows, string DefaultUser);

/// <summary>
/// What <c>hub ask</c> and <c>hub bench query</c> talk to: an <see cref="EmbeddedHub"/> with the DataQuery plugin, the
/// reasoning worker in process and the asked database as data source <see cref="Source"/>. Questions go to the plugin
/// over the bus as <see cref="AskQuestionRequest"/>, exactly as any other sender's would.
/// </summary>
public sealed class AskSession : IAsyncDisposable
{
    public const string PluginId = "DataQuery";
    public const string Source = "cli";

    private static readonly TimeSpan AskTimeout = TimeSpan.FromMinutes(2);

    private readonly EmbeddedHub _hub;

    private AskSession(EmbeddedHub hub, DatabaseCatalog catalog, SemanticLayer? layer)
    {
        _hub = hub;
        Catalog = catalog;
        SemanticLayer = layer;
    }

    public DatabaseCatalog Catalog { get; }

    public SemanticLayer? SemanticLayer { get; }

    public static async Task<AskSession> StartAsync(AskSessionOptions options, CancellationToken cancellationToken)
    {
        var database = DataSourceOptions.FromConnectionString(options.ConnectionString);
        var rows = Math.Max(1, options.MaxRows).ToString(CultureInfo.InvariantCulture);
        // Plugins:DataQuery:Access (who sees what) comes from appsettings.json like the hub's own.
        var settings = new Dictionary<string, string?>
        {
            [$"{DataSourceOptions.Section}:{Source}:Provider"] = database.Provider.ToString(),
            [$"{DataSourceOptions.Section}:{Source}:ConnectionString"] = database.ConnectionString,
            [$"{DataSourceOptions.Section}:{Source}:RowLimit"] = rows,
            [$"Plugins:{PluginId}:DefaultSource"] = Source,
            [$"Plugins:{PluginId}:RowLimit"] = rows,
            [$"Plugins:{PluginId}:DefaultUser"] = options.DefaultUser,
        };
        DatabaseCatalog? catalog = null;
        SemanticLayer? layer = null;
        var hub = await EmbeddedHub.StartAsync(new EmbeddedHubOptions(PluginId, settings, [new ReasoningModule(), new DataSourcesModule()], async (services, ct) =>
        {
            var registry = services.GetRequiredService<DataSourceRegistry>();
            catalog = await registry.GetCatalogAsync(Source, false, ct);
            if (options.SemanticLayerPath is not null)
            {
                layer = SemanticLayerLoader.LoadFile(options.SemanticLayerPath);
            }
            else if (SemanticLayerLoader.LoadShipped("power-marketing") is { } shipped && SemanticLayerLoader.Matches(shipped, catalog))
            {
                layer = shipped;
            }

            registry.SetSemanticLayer(Source, layer);
        }), cancellationToken);
        return new AskSession(hub, catalog!, layer);
    }

    public Task<AskQuestionReply> AskAsync(AskQuestionRequest request, CancellationToken cancellationToken) =>
        _hub.RequestAsync<AskQuestionRequest, AskQuestionReply>(request, AskTimeout, cancellationToken);

    /// <summary>The text-to-SQL skill alone, through the bus to the in-process reasoning worker (what the plugin asks it).</summary>
    public Task<TextToSqlReply> TranslateAsync(TextToSqlRequest request, CancellationToken cancellationToken) =>
        _hub.RequestAsync<TextToSqlRequest, TextToSqlReply>(request, AskTimeout, cancellationToken);

    /// <summary>Where the answering plugin's code lives: its version and load context (never the CLI's own).</summary>
    public string DescribePlugin() => _hub.DescribePlugin();

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
