namespace IntegrationHub.Testing;

/// <summary>
/// The system clock plus an offset a test can move forward: timers 30 minutes out fire after <see cref="Advance"/>
/// instead of after 30 minutes, while everything else (timeouts, delays) keeps running in real time.
/// </summary>
public sealed class MovableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
