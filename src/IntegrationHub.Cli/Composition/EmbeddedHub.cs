using System.Runtime.Loader;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host;
using IntegrationHub.Host.Plugins;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Cli.Composition;

/// <param name="PluginId">The one plugin loaded (from <c>plugins/{id}</c>, into its own load context); the bundled others stay off.</param>
/// <param name="Settings">Configuration over appsettings.json: the plugin's section, data sources…</param>
/// <param name="Modules">The parts composed in (workers in process, data sources…).</param>
/// <param name="BeforeStart">Runs after composition, before the hub and its plugin start.</param>
public sealed record EmbeddedHubOptions(
    string PluginId,
    IReadOnlyDictionary<string, string?> Settings,
    IReadOnlyList<IHubModule> Modules,
    Func<IServiceProvider, CancellationToken, Task>? BeforeStart = null);

/// <summary>
/// A hub started inside a CLI command (<c>hub ask</c>, <c>hub bench query</c>) to reach one plugin as any sender would,
/// over the bus: in-memory bus, its own SQLite store in a fresh temp folder (never a running hub's data folder), Kestrel
/// on a loopback port of its own, warnings and worse on stderr only (answers may go to stdout).
/// </summary>
public sealed class EmbeddedHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _data;
    private readonly string _pluginId;

    private EmbeddedHub(WebApplication app, DirectoryInfo data, string pluginId)
    {
        _app = app;
        _data = data;
        _pluginId = pluginId;
    }

    public IServiceProvider Services => _app.Services;

    public static async Task<EmbeddedHub> StartAsync(EmbeddedHubOptions options, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("hub-embedded-");
        WebApplication? app = null;
        try
        {
            var settings = new Dictionary<string, string?>(options.Settings)
            {
                ["Hub:DataDirectory"] = data.FullName,
                ["Hub:Storage:Provider"] = "Sqlite",
                ["Hub:Storage:ConnectionString"] = "",
                ["Hub:Bus:Transport"] = "InMemory",
                ["Hub:InProcessWorkers"] = "true",
                ["Hub:LoadPlugins"] = "true",
                ["Hub:PluginsPath"] = PluginsPath,
                [$"Plugins:{options.PluginId}:Enabled"] = "true",
            };
            foreach (var section in OtherPluginSections(options.PluginId))
            {
                settings[$"{section}:Enabled"] = "false";
            }

            app = HubRuntime.Build(["--urls=http://127.0.0.1:0"], options.Modules, builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.ClearProviders();
                builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                builder.Services.Configure<LoggerFilterOptions>(o =>
                {
                    o.Rules.Clear();
                    o.MinLevel = LogLevel.Warning;
                });
            });

            if (options.BeforeStart is not null)
            {
                await options.BeforeStart(app.Services, cancellationToken);
            }

            await app.StartAsync(cancellationToken);
            var status = Status(app, options.PluginId);
            if (status is not { State: nameof(PluginState.Running) })
            {
                var why = status is null ? $"there is no {Path.Combine(PluginsPath, options.PluginId)}" : $"it is {status.State}: {string.Join("; ", status.Failures.Select(f => f.Reason))}";
                throw new InvalidOperationException($"The {options.PluginId} plugin did not start ({why}).");
            }

            return new EmbeddedHub(app, data, options.PluginId);
        }
        catch
        {
            await StopAsync(app, data);
            throw;
        }
    }

    /// <summary>Sends <paramref name="request"/> over the bus and waits for its reply.</summary>
    public async Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, TimeSpan timeout, CancellationToken cancellationToken)
        where TRequest : class
        where TReply : class
    {
        var client = _app.Services.GetRequiredService<IClientFactory>().CreateRequestClient<TRequest>(RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
        var response = await client.GetResponse<TReply>(request, cancellationToken);
        return response.Message;
    }

    /// <summary>Where the plugin's code lives: its version and load context (never the CLI's own).</summary>
    public string DescribePlugin()
    {
        var status = Status(_app, _pluginId)!;
        var context = AssemblyLoadContext.All.FirstOrDefault(c => c.Assemblies.Any(a => a.GetName().Name == $"IntegrationHub.Plugins.{_pluginId}"));
        var where = context is null ? "not loaded"
            : context == AssemblyLoadContext.Default ? "the default load context"
            : context.IsCollectible ? "its own collectible load context" : $"load context '{context.Name}'";
        return $"{_pluginId} plugin {status.Version}, {status.State}, in {where}";
    }

    public async ValueTask DisposeAsync() => await StopAsync(_app, _data);

    private static string PluginsPath => Path.Combine(AppContext.BaseDirectory, "plugins");

    private static PluginStatus? Status(WebApplication app, string pluginId) =>
        app.Services.GetRequiredService<PluginManager>().List().FirstOrDefault(p => p.Name.Equals(pluginId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The configuration sections of the bundled plugins other than <paramref name="pluginId"/>, so they stay unloaded.</summary>
    private static IEnumerable<string> OtherPluginSections(string pluginId)
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

            if (manifest is not null && !manifest.Id.Equals(pluginId, StringComparison.OrdinalIgnoreCase)) yield return manifest.SectionOrDefault;
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
                // Never started (a BeforeStart step failed): nothing to stop.
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
