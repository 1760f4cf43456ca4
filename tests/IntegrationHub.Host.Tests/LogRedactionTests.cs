using System.Collections.Concurrent;
using IntegrationHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 14: no log line of a running hub carries a password or an API key, whatever provider writes it.</summary>
public sealed class LogRedactionTests
{
    [Fact]
    public async Task Every_sink_of_the_hub_sees_connection_strings_and_keys_redacted()
    {
        var sink = new CapturingProvider();
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        await using var hub = await environment.StartHubAsync(services: s => s.AddSingleton<ILoggerProvider>(sink));

        var logger = hub.Get<ILogger<LogRedactionTests>>();
        logger.LogError(new InvalidOperationException("open failed: Host=pg;Username=hub;Password=S3cr3t;Database=hub"),
            "Cannot reach {ConnectionString} with key X-Api-Key: {Key}", "Host=pg;Username=hub;Password=S3cr3t", "ApiKey=K3yK3y");
        hub.Get<ILoggerFactory>().CreateLogger("Plugin.Meters").LogWarning("broker amqp://hub:S3cr3t@rabbit:5672/hub is down");

        var mine = sink.Entries.Where(e => e.Category is "Plugin.Meters" || e.Category.EndsWith(nameof(LogRedactionTests), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Contains(mine, e => e.Message.Contains("Password=***", StringComparison.Ordinal) && e.Message.Contains("Username=hub", StringComparison.Ordinal));
        Assert.Contains(mine, e => e.Message.Contains("amqp://hub:***@rabbit", StringComparison.Ordinal));
        var everything = string.Join("\n", sink.Entries.Select(e => e.Message + e.State + e.Exception));
        Assert.DoesNotContain("S3cr3t", everything);
        Assert.DoesNotContain("K3yK3y", everything);
        Assert.Contains("InvalidOperationException", mine.Single(e => e.Exception is not null).Exception);
    }

    private sealed record Entry(string Category, string Message, string State, string? Exception);

    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                entries.Enqueue(new Entry(category, formatter(state, exception), values, exception?.ToString()));
            }
        }
    }
}
