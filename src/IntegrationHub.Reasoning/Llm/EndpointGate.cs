using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace IntegrationHub.Reasoning.Llm;

/// <summary>
/// Everything one model endpoint shares across skills: a concurrency cap, and a Polly pipeline of retry with
/// backoff (429/5xx/connection errors/attempt timeouts, honouring Retry-After) around a circuit breaker around an
/// attempt timeout. The OpenAI client's own retries are off, so these are the only ones.
/// </summary>
public sealed class EndpointGate : IDisposable
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim slots;

    public EndpointGate(Uri endpoint, SkillModel model, CircuitBreakerOptions breaker, ReasoningMetrics metrics)
    {
        Endpoint = endpoint;
        MaxConcurrency = model.MaxConcurrency;
        slots = new SemaphoreSlim(model.MaxConcurrency, model.MaxConcurrency);
        var endpointTag = endpoint.GetLeftPart(UriPartial.Authority);

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (model.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) || args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests),
                MaxRetryAttempts = model.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = model.RetryBaseDelay,
                DelayGenerator = args =>
                {
                    var after = args.Outcome.Result?.Headers.RetryAfter;
                    TimeSpan? delay = after?.Delta ?? (after?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
                    return ValueTask.FromResult(delay is { } d && d > TimeSpan.Zero ? (TimeSpan?)(d < MaxRetryAfter ? d : MaxRetryAfter) : null);
                },
                OnRetry = args =>
                {
                    metrics.Retry(endpointTag, args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString() : args.Outcome.Exception?.GetType().Name ?? "unknown");
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            // 429 means "slow down", not "down": it is retried but does not open the circuit.
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            FailureRatio = breaker.FailureRatio,
            MinimumThroughput = Math.Max(2, breaker.MinimumThroughput),
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(0.5, breaker.SamplingSeconds)),
            BreakDuration = TimeSpan.FromSeconds(Math.Max(0.5, breaker.BreakSeconds)),
            OnOpened = _ =>
            {
                metrics.CircuitOpened(endpointTag);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(model.AttemptTimeout);
        Pipeline = builder.Build();
        HttpClient = new HttpClient(new Handler(this, model.Provider == "azure", model.ApiKey) { InnerHandler = new SocketsHttpHandler() })
        {
            // Timeouts are the pipeline's (per attempt) and the caller's (per request).
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri Endpoint { get; }

    public int MaxConcurrency { get; }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    /// <summary>The HTTP client every chat client on this endpoint sends through.</summary>
    public HttpClient HttpClient { get; }

    public void Dispose()
    {
        HttpClient.Dispose();
        slots.Dispose();
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || outcome.Result is { } r && (int)r.StatusCode >= 500;

    private sealed class Handler(EndpointGate gate, bool azure, string? apiKey) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The body is sent once per attempt, so it is buffered once up front.
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var contentHeaders = request.Content?.Headers.ToList();
            await gate.slots.WaitAsync(cancellationToken);
            try
            {
                return await gate.Pipeline.ExecuteAsync(async token =>
                {
                    using var attempt = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
                    foreach (var h in request.Headers) attempt.Headers.TryAddWithoutValidation(h.Key, h.Value);
                    if (string.IsNullOrEmpty(apiKey) || azure) attempt.Headers.Authorization = null;
                    if (azure && !string.IsNullOrEmpty(apiKey)) attempt.Headers.TryAddWithoutValidation("api-key", apiKey);
                    if (body is not null)
                    {
                        attempt.Content = new ByteArrayContent(body);
                        foreach (var h in contentHeaders!) attempt.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
                    }
                    var response = await base.SendAsync(attempt, token);
                    // Read the body inside the attempt so the attempt timeout covers a server that stalls mid-reply.
                    await response.Content.LoadIntoBufferAsync(token);
                    return response;
                }, cancellationToken);
            }
            finally
            {
                gate.slots.Release();
            }
        }
    }
}
