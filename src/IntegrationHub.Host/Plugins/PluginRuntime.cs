using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Host.Plugins;

/// <summary>
/// A plugin across its loads: state, failures, the current <see cref="LoadedPlugin"/>, and the gate that holds
/// new messages while a reload drains the in-flight ones and swaps the load context.
/// </summary>
internal sealed class PluginRuntime(PluginManifest manifest, string folder)
{
    private readonly Lock _sync = new();
    private readonly List<PluginFailure> _failures = [];
    // Closed until the first load has succeeded or failed: early messages wait rather than fail.
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _drained;
    private int _inFlight;

    public PluginManifest Manifest { get; set; } = manifest;

    public string Folder { get; } = folder;

    public PluginState State { get; private set; } = PluginState.Loading;

    public LoadedPlugin? Current { get; private set; }

    public int Generation { get; private set; }

    /// <summary>Contract types the plugin's bus endpoint subscribes to (fixed at first load).</summary>
    public IReadOnlyCollection<Type> Subscriptions { get; set; } = [];

    public IReadOnlyList<PluginFailure> Failures
    {
        get
        {
            lock (_sync)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>Waits while a reload is in progress, then admits one handler call; dispose the lease when done.</summary>
    public async Task<Lease> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task gate;
            lock (_sync)
            {
                gate = _gate.Task;
                if (gate.IsCompleted)
                {
                    if (State != PluginState.Running || Current is null)
                    {
                        throw new PluginUnavailableException(Manifest.Id, State == PluginState.Failed && _failures.Count > 0 ? _failures[^1].Reason : State.ToString());
                    }

                    _inFlight++;
                    return new Lease(this, Current);
                }
            }

            await gate.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Closes the gate and waits until in-flight handlers have finished.</summary>
    public async Task CloseAndDrainAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_sync)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            State = PluginState.Reloading;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight == 0)
            {
                _drained.TrySetResult();
            }

            drained = _drained.Task;
        }

        await drained.WaitAsync(cancellationToken);
    }

    public void SetRunning(LoadedPlugin loaded)
    {
        lock (_sync)
        {
            Current = loaded;
            Generation++;
            State = PluginState.Running;
            _gate.TrySetResult();
        }
    }

    public void SetFailed(string stage, Exception exception)
    {
        lock (_sync)
        {
            _failures.Add(new PluginFailure(DateTimeOffset.UtcNow, stage, Describe(exception)));
            if (_failures.Count > 20)
            {
                _failures.RemoveAt(0);
            }

            Current = null;
            State = PluginState.Failed;
            _gate.TrySetResult();
        }
    }

    public void SetState(PluginState state)
    {
        lock (_sync)
        {
            State = state;
            if (state is PluginState.Disabled or PluginState.Stopped or PluginState.Unloaded)
            {
                Current = null;
                _gate.TrySetResult();
            }
        }
    }

    /// <summary>Detaches the current load so it can be disposed.</summary>
    public LoadedPlugin? Detach()
    {
        lock (_sync)
        {
            var current = Current;
            Current = null;
            return current;
        }
    }

    private void Exit()
    {
        lock (_sync)
        {
            _inFlight--;
            if (_inFlight == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    private static string Describe(Exception exception)
    {
        var inner = exception is System.Reflection.TargetInvocationException { InnerException: { } e } ? e : exception;
        return $"{inner.GetType().Name}: {inner.Message}";
    }

    /// <summary>One admitted handler call.</summary>
    public sealed class Lease(PluginRuntime runtime, LoadedPlugin plugin) : IDisposable
    {
        private int _disposed;

        public LoadedPlugin Plugin { get; } = plugin;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                runtime.Exit();
            }
        }
    }
}
