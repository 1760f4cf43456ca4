namespace IntegrationHub.Host.Messaging.Consuming;

/// <summary>Counts the messages a consumer has in hand, so that stopping can wait for them.</summary>
internal sealed class InFlight
{
    private readonly Lock _lock = new();
    private int _count;
    private TaskCompletionSource? _drained;

    public Exit Enter()
    {
        lock (_lock)
        {
            _count++;
        }

        return new Exit(this);
    }

    /// <summary>Completes when nothing is in hand.</summary>
    public Task DrainedAsync()
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private void Leave()
    {
        lock (_lock)
        {
            if (--_count == 0 && _drained is { } drained)
            {
                _drained = null;
                drained.TrySetResult();
            }
        }
    }

    public readonly struct Exit(InFlight owner) : IDisposable
    {
        public void Dispose() => owner.Leave();
    }
}
