using System.Buffers;
using System.Threading.Channels;
using Microsoft.ML.OnnxRuntime;

namespace IntegrationHub.Perception.Engine;

/// <summary>One image's outputs, in pooled arrays returned on dispose.</summary>
public sealed class InferenceResult : IDisposable
{
    private readonly float[][] _buffers;

    internal InferenceResult(float[][] buffers, int[] lengths, long[][] shapes)
    {
        _buffers = buffers;
        Lengths = lengths;
        Shapes = shapes;
    }

    /// <summary>Per output: the shape with a batch dimension of 1.</summary>
    public long[][] Shapes { get; }

    public int[] Lengths { get; }

    public ReadOnlySpan<float> Output(int index) => _buffers[index].AsSpan(0, Lengths[index]);

    public void Dispose()
    {
        foreach (var b in _buffers)
        {
            ArrayPool<float>.Shared.Return(b);
        }
    }
}

/// <summary>
/// Runs a single-image-input model, batching concurrent requests when the batch dimension is dynamic and batching is on:
/// callers preprocess in parallel on their own threads while <c>concurrentBatches</c> loops run batched inferences (on a
/// CPU two runs at once keep the cores busier than one: each run has stretches where its intra-op threads idle).
/// </summary>
public sealed class BatchingRunner : IAsyncDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly long[] _itemShape;
    private readonly string[] _outputNames;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxWait;
    private readonly Channel<Pending>? _queue;
    private readonly Task[] _loops = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly RunOptions _runOptions = new();
    private int _preparing;
    private long _runs;
    private long _items;

    public BatchingRunner(InferenceSession session, string inputName, long[] itemShape, bool batching, int maxBatch, TimeSpan maxWait, int concurrentBatches = 1)
    {
        _session = session;
        _inputName = inputName;
        _itemShape = itemShape;
        _outputNames = [.. _session.OutputMetadata.Keys];
        ItemSize = (int)_itemShape.Aggregate(1L, (a, b) => a * b);
        var dynamicBatch = _session.InputMetadata[_inputName].Dimensions is [<= 0, ..];
        Batching = batching && dynamicBatch && maxBatch > 1;
        _maxBatch = maxBatch;
        _maxWait = maxWait;
        if (Batching)
        {
            var readers = Math.Max(1, concurrentBatches);
            _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = readers == 1 });
            _loops = [.. Enumerable.Range(0, readers).Select(_ => Task.Run(LoopAsync))];
        }
    }

    public int ItemSize { get; }

    /// <summary>Inference runs so far, and the images they carried (their ratio is the mean batch size).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    public long Items => Interlocked.Read(ref _items);

    public bool Batching { get; }

    public IReadOnlyList<string> OutputNames => _outputNames;

    /// <summary>
    /// Rents an input buffer of <see cref="ItemSize"/> floats; pass it to <see cref="RunAsync"/>, which returns it, or to
    /// <see cref="Abandon"/> when preprocessing fails. While a caller holds one, the batcher knows an input is coming.
    /// </summary>
    public float[] RentInput()
    {
        Interlocked.Increment(ref _preparing);
        return ArrayPool<float>.Shared.Rent(ItemSize);
    }

    public void Abandon(float[] input)
    {
        Interlocked.Decrement(ref _preparing);
        ArrayPool<float>.Shared.Return(input);
    }

    public Task<InferenceResult> RunAsync(float[] input, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _preparing);
        if (!Batching)
        {
            return Task.Run(() => Execute([new Pending(input, null)])[0], cancellationToken);
        }

        var pending = new Pending(input, new TaskCompletionSource<InferenceResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue!.Writer.TryWrite(pending))
        {
            ArrayPool<float>.Shared.Return(input);
            throw new ObjectDisposedException(nameof(BatchingRunner));
        }

        return pending.Completion!.Task;
    }

    private async Task LoopAsync()
    {
        var reader = _queue!.Reader;
        var batch = new List<Pending>(_maxBatch);
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                batch.Clear();
                await GatherAsync(reader, batch);
                if (batch.Count > 0)
                {
                    Complete(batch);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        while (reader.TryRead(out var left))
        {
            ArrayPool<float>.Shared.Return(left.Input);
            left.Completion!.TrySetCanceled();
        }
    }

    /// <summary>Takes what is queued, up to a batch, waiting up to the batch wait for more while some caller is still preprocessing.</summary>
    private async Task GatherAsync(ChannelReader<Pending> reader, List<Pending> batch)
    {
        var deadline = DateTime.UtcNow + _maxWait;
        while (batch.Count < _maxBatch)
        {
            if (reader.TryRead(out var item))
            {
                batch.Add(item);
                continue;
            }

            // Wait for more only while some caller is still preprocessing an input: a lone request runs at once.
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || batch.Count == 0 || Volatile.Read(ref _preparing) <= 0)
            {
                return;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(left);
            try
            {
                if (!await reader.WaitToReadAsync(timeout.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Runs one batch and hands each caller its result (or the batch's failure).</summary>
    private void Complete(List<Pending> batch)
    {
        try
        {
            var results = Execute(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion!.TrySetResult(results[i]);
            }
        }
        catch (Exception ex)
        {
            foreach (var p in batch)
            {
                p.Completion!.TrySetException(ex);
            }
        }
    }

    private InferenceResult[] Execute(IReadOnlyList<Pending> batch)
    {
        var n = batch.Count;
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _items, n);
        var input = Stack(batch);
        try
        {
            long[] shape = [n, .. _itemShape];
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, ItemSize * n), shape);
            using var outputs = _session.Run(_runOptions, [_inputName], [value], _outputNames);
            return Split(outputs, n);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>The batch's inputs one after another in one pooled buffer (a single input is its own buffer).</summary>
    private float[] Stack(IReadOnlyList<Pending> batch)
    {
        if (batch.Count == 1)
        {
            return batch[0].Input;
        }

        var input = ArrayPool<float>.Shared.Rent(ItemSize * batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Input.AsSpan(0, ItemSize).CopyTo(input.AsSpan(i * ItemSize, ItemSize));
            ArrayPool<float>.Shared.Return(batch[i].Input);
        }

        return input;
    }

    /// <summary>Each item's slice of every output, copied into pooled buffers, with the output's shape for one item.</summary>
    private static InferenceResult[] Split(IReadOnlyCollection<OrtValue> outputs, int n)
    {
        var buffers = new float[n][][];
        var lengths = new int[n][];
        var shapes = new long[n][][];
        for (var i = 0; i < n; i++)
        {
            (buffers[i], lengths[i], shapes[i]) = (new float[outputs.Count][], new int[outputs.Count], new long[outputs.Count][]);
        }

        var o = 0;
        foreach (var output in outputs)
        {
            var s = output.GetTensorTypeAndShape().Shape;
            var data = output.GetTensorDataAsSpan<float>();
            var len = data.Length / n;
            for (var i = 0; i < n; i++)
            {
                buffers[i][o] = ArrayPool<float>.Shared.Rent(Math.Max(len, 1));
                data.Slice(i * len, len).CopyTo(buffers[i][o]);
                lengths[i][o] = len;
                shapes[i][o] = s.Length > 0 ? [1, .. s[1..]] : s;
            }

            o++;
        }

        var results = new InferenceResult[n];
        for (var i = 0; i < n; i++)
        {
            results[i] = new InferenceResult(buffers[i], lengths[i], shapes[i]);
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        _queue?.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops);

        _stopping.Dispose();
        _runOptions.Dispose();
    }

    private readonly record struct Pending(float[] Input, TaskCompletionSource<InferenceResult>? Completion);
}
