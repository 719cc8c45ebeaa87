using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ssmd.Secmaster.Internal;

/// <summary>
/// GETs Kalshi REST pages through a token bucket sized to the account's tier, retrying 429s, 5xx,
/// timeouts and dropped connections with exponential backoff and jitter (Polly). A 429 carries no
/// Retry-After at Kalshi, so the backoff alone paces the retry.
/// </summary>
internal sealed class KalshiRestReader : IDisposable
{
    private readonly HttpClient _http;
    private readonly TokenBucketRateLimiter _bucket;
    private readonly ResiliencePipeline<Fetched> _pipeline;

    public KalshiRestReader(HttpClient http, SecmasterSyncSettings settings, ILogger logger)
    {
        _http = http;
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, settings.Burst),
            TokensPerPeriod = Math.Max(1, settings.RequestsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        var pipeline = new ResiliencePipelineBuilder<Fetched>();
        if (settings.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<Fetched>
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = new PredicateBuilder<Fetched>()
                    .Handle<HttpRequestException>()
                    .Handle<IOException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.Status == HttpStatusCode.TooManyRequests || (int)r.Status >= 500),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.Status}";
                    args.Outcome.Result?.Body?.Dispose();
                    SecmasterLog.RequestRetry(logger, "GET", args.AttemptNumber + 1, args.RetryDelay, reason);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = pipeline.AddTimeout(settings.RequestTimeout).Build();
    }

    /// <summary>Retries done so far (429s and failures), for tests and metrics.</summary>
    public int Retries => _retries;

    private int _retries;

    /// <summary>
    /// GETs <paramref name="relativeUri"/> and returns the body in a pooled buffer (the caller disposes it);
    /// throws <see cref="KalshiRestException"/> for a final non-success status.
    /// </summary>
    public async Task<PooledBody> GetAsync(string relativeUri, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var fetched = await _pipeline.ExecuteAsync(async token =>
        {
            if (attempts++ > 0)
                Interlocked.Increment(ref _retries);
            using var lease = await _bucket.AcquireAsync(1, token);
            using var message = await _http.GetAsync(relativeUri, HttpCompletionOption.ResponseHeadersRead, token);
            if (!message.IsSuccessStatusCode)
                return new Fetched(message.StatusCode, null);
            // Read the body inside the pipeline: a connection dropped mid-body is retried too.
            await using var stream = await message.Content.ReadAsStreamAsync(token);
            return new Fetched(message.StatusCode, await PooledBody.ReadAsync(stream, message.Content.Headers.ContentLength, _http.MaxResponseContentBufferSize, token));
        }, cancellationToken);

        return fetched.Body ?? throw new KalshiRestException(relativeUri, (int)fetched.Status);
    }

    /// <summary>One attempt's outcome: the status, and the body when it succeeded.</summary>
    internal sealed record Fetched(HttpStatusCode Status, PooledBody? Body);

    public void Dispose() => _bucket.Dispose();
}
