using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Host;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Messaging.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Benchmarks;

/// <summary>
/// A hub on RabbitMQ with only the Diagnostics plugin, its data in a temp folder: <see cref="RunAsync"/> publishes
/// <see cref="Ping"/>s through the hub's <see cref="IContractPublisher"/> and waits until its handler has committed each.
/// </summary>
internal sealed class HubUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _data;
    private readonly BusBenchmarkOptions _options;
    private readonly IContractPublisher _publisher;
    private readonly ContractRegistry _contracts;

    private HubUnderTest(WebApplication app, DirectoryInfo data, BusBenchmarkOptions options)
    {
        _app = app;
        _data = data;
        _options = options;
        _publisher = app.Services.GetRequiredService<IContractPublisher>();
        _contracts = app.Services.GetRequiredService<ContractRegistry>();
    }

    public static async Task<HubUnderTest> StartAsync(BusBenchmarkOptions options, IReadOnlyList<IHubModule> modules, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("hub-bench-");
        var plugins = Directory.CreateDirectory(Path.Combine(data.FullName, "plugins"));
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "plugins", "Diagnostics"), Path.Combine(plugins.FullName, "Diagnostics"));
        var app = HubRuntime.Build(["--urls=http://127.0.0.1:0"], modules, builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings(options, data, plugins));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync(cancellationToken);
        var hub = new HubUnderTest(app, data, options);
        using var warmUp = new AgeListener(1);
        await hub._publisher.PublishAsync(ContractMessage.Of(new Ping(Guid.NewGuid(), DateTimeOffset.UtcNow, "warm-up"), hub._contracts), cancellationToken);
        await warmUp.Done.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return hub;
    }

    public async Task<BusRun> RunAsync(int messages, CancellationToken cancellationToken)
    {
        using var listener = new AgeListener(messages);
        return await BusRun.MeasureAsync(
            messages,
            _options.InFlight,
            _ => _publisher.PublishAsync(ContractMessage.Of(new Ping(Guid.NewGuid(), DateTimeOffset.UtcNow), _contracts), cancellationToken),
            listener.Done.Task,
            listener.Latency,
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Dictionary<string, string?> Settings(BusBenchmarkOptions options, DirectoryInfo data, DirectoryInfo plugins)
    {
        var settings = new Dictionary<string, string?>(RabbitMqOptions.SettingsFrom(options.RabbitMq))
        {
            ["Hub:DataDirectory"] = data.FullName,
            ["Hub:PluginsPath"] = plugins.FullName,
            ["Hub:Bus:Transport"] = "RabbitMq",
            ["Hub:Bus:PrefetchCount"] = options.Prefetch.ToString(),
            ["Hub:Bus:ConcurrencyLimit"] = options.Prefetch.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (options.Storage != "sqlite")
        {
            settings["Hub:Storage:Provider"] = "PostgreSql";
            settings["Hub:Storage:ConnectionString"] = options.Storage;
        }

        return settings;
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}
