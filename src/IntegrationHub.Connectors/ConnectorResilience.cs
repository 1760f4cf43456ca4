using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace IntegrationHub.Connectors;

/// <summary>
/// The one place connector resilience is built (every connector kind, HTTP and database): the Polly pipeline inside one
/// delivery attempt — short retries with exponential backoff, a circuit breaker shared by all deliveries of the
/// connector (a target that is down is not hammered), and a timeout per try — all from <see cref="ConnectorOptions"/>.
/// </summary>
internal static class ConnectorResilience
{
    /// <summary>Worth trying again later: server errors, throttling, timeouts.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    public static ResiliencePipeline<HttpResponseMessage> Http(ConnectorOptions settings, TimeProvider time)
    {
        var handle = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => IsTransient(r.StatusCode));
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (settings.Retries > 0)
        {
            builder.AddRetry(Retry<RetryStrategyOptions<HttpResponseMessage>, HttpResponseMessage>(settings, handle));
        }

        return builder
            .AddCircuitBreaker(Breaker<CircuitBreakerStrategyOptions<HttpResponseMessage>, HttpResponseMessage>(settings, handle))
            .AddTimeout(settings.Timeout)
            .Build();
    }

    public static ResiliencePipeline Database(ConnectorOptions settings, Func<Exception, bool> transient, TimeProvider time)
    {
        var handle = new PredicateBuilder().Handle<Exception>(transient).Handle<TimeoutRejectedException>();
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (settings.Retries > 0)
        {
            builder.AddRetry(Retry<RetryStrategyOptions, object>(settings, handle));
        }

        return builder
            .AddCircuitBreaker(Breaker<CircuitBreakerStrategyOptions, object>(settings, handle))
            .AddTimeout(settings.Timeout)
            .Build();
    }

    // Polly's untyped options derive from the typed ones over object: one factory serves both pipelines.
    private static TOptions Retry<TOptions, TResult>(ConnectorOptions settings, PredicateBuilder<TResult> handle)
        where TOptions : RetryStrategyOptions<TResult>, new() => new()
    {
        ShouldHandle = handle,
        MaxRetryAttempts = settings.Retries,
        Delay = settings.RetryDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
    };

    private static TOptions Breaker<TOptions, TResult>(ConnectorOptions settings, PredicateBuilder<TResult> handle)
        where TOptions : CircuitBreakerStrategyOptions<TResult>, new() => new()
    {
        ShouldHandle = handle,
        FailureRatio = settings.BreakerFailureRatio,
        MinimumThroughput = Math.Max(2, settings.BreakerMinimumThroughput),
        SamplingDuration = settings.BreakerWindow,
        BreakDuration = settings.BreakDuration,
    };

    /// <summary>What an exception out of the pipeline means for the outbox: always worth trying again later.</summary>
    public static string Describe(Exception e) => e switch
    {
        BrokenCircuitException => $"circuit open: {e.Message}",
        TimeoutRejectedException => "timed out",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
