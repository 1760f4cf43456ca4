using System.Collections;
using IntegrationHub.Contracts.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Host.Security;

/// <summary>
/// Every log line goes through <see cref="Secrets.Redact(string?)"/>: the logger factory hands out loggers that redact
/// the formatted message, the structured values (what OpenTelemetry exports) and the exception text before any
/// provider sees them, so no sink (console, OTLP, a plugin's own provider) can print a password or an API key.
/// </summary>
public static class SecretRedactingLogging
{
    /// <summary>Wraps the registered <see cref="ILoggerFactory"/>; call after <c>AddLogging</c> (the web builders have).</summary>
    public static IServiceCollection AddSecretRedaction(this IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory));
        if (registered?.ImplementationType is not { } factoryType || factoryType == typeof(RedactingLoggerFactory))
        {
            return services;
        }

        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory((ILoggerFactory)ActivatorUtilities.CreateInstance(sp, factoryType))));
        return services;
    }

    internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var redacted = new RedactedState(Secrets.Redact(formatter(state, exception)), state as IReadOnlyList<KeyValuePair<string, object?>>);
            inner.Log(logLevel, eventId, redacted, exception is null ? null : new RedactedException(exception), static (s, _) => s.Message);
        }
    }

    /// <summary>The structured values with every string (and every value's text) redacted, the template included.</summary>
    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>>? values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _values = values?.Select(Redact).ToArray() ?? [];

        public string Message { get; } = message;

        public int Count => _values.Length;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;

        // The template too: a message logged without placeholders is its own template.
        private static KeyValuePair<string, object?> Redact(KeyValuePair<string, object?> pair) => pair.Value is null or ValueType
            ? pair
            : new(pair.Key, Secrets.Redact(pair.Value as string ?? pair.Value.ToString()));
    }

    /// <summary>An exception whose message and text are redacted; its type name and stack stay for the reader.</summary>
    private sealed class RedactedException(Exception original) : Exception(Secrets.Redact(original.Message), original.InnerException is null ? null : new RedactedException(original.InnerException))
    {
        private readonly string _text = Secrets.Redact(original.ToString());

        public override string? StackTrace => original.StackTrace;

        public override string ToString() => _text;
    }
}
