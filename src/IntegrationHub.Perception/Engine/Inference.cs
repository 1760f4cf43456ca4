using System.Buffers;
using System.Threading.Channels;
using Microsoft.ML.OnnxRuntime;

namespace IntegrationHub.Perception.Engine;

/// <summary>One image's outputs, in pooled arrays returned on dispose.</summary>
public sealed class InferenceResult : IDisposable
{
    private readonly float[][] buffers;

    internal InferenceResult(float[][] buffers, int[] lengths, long[][] shapes)
    {
        this.buffers = buffers;
        Lengths = lengths;
        Shapes = shapes;
    }

    /// <summary>Per output: the shape with a batch dimension of 1.</summary>
    public long[][] Shapes { get; }

    public int[] Lengths { get; }

    public ReadOnlySpan<float> Output(int index) => buffers[index].AsSpan(0, Lengths[index]);

    public void Dispose()
    {
        foreach (var b in buffers)
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
    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly long[] itemShape;
    private readonly string[] outputNames;
    private readonly int maxBatch;
    private readonly TimeSpan maxWait;
    private readonly Channel<Pending>? queue;
    private readonly Task[] loops = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly RunOptions runOptions = new();
    private int preparing;
    private long runs;
    private long items;

    public BatchingRunner(InferenceSession session, string inputName, long[] itemShape, bool batching, int maxBatch, TimeSpan maxWait, int concurrentBatches = 1)
    {
        this.session = session;
        this.inputName = inputName;
        this.itemShape = itemShape;
        outputNames = [.. session.OutputMetadata.Keys];
        ItemSize = (int)itemShape.Aggregate(1L, (a, b) => a * b);
        var dynamicBatch = session.InputMetadata[inputName].Dimensions is [<= 0, ..];
        Batching = batching && dynamicBatch && maxBatch > 1;
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        if (Batching)
        {
            var readers = Math.Max(1, concurrentBatches);
            queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = readers == 1 });
            loops = [.. Enumerable.Range(0, readers).Select(_ => Task.Run(LoopAsync))];
        }
    }

    public int ItemSize { get; }

    /// <summary>Inference runs so far, and the images they carried (their ratio is the mean batch size).</summary>
    public long Runs => Interlocked.Read(ref runs);

    public long Items => Interlocked.Read(ref items);

    public bool Batching { get; }

    public IReadOnlyList<string> OutputNames => outputNames;

    /// <summary>
    /// Rents an input buffer of <see cref="ItemSize"/> floats; pass it to <see cref="RunAsync"/>, which returns it, or to
    /// <see cref="Abandon"/> when preprocessing fails. While a caller holds one, the batcher knows an input is coming.
    /// </summary>
    public float[] RentInput()
    {
        Interlocked.Increment(ref preparing);
        return ArrayPool<float>.Shared.Rent(ItemSize);
    }

    public void Abandon(float[] input)
    {
        Interlocked.Decrement(ref preparing);
        ArrayPool<float>.Shared.Return(input);
    }

    public Task<InferenceResult> RunAsync(float[] input, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref preparing);
        if (!Batching)
        {
            return Task.Run(() => Execute([new Pending(input, null)])[0], cancellationToken);
        }

        var pending = new Pending(input, new TaskCompletionSource<InferenceResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue!.Writer.TryWrite(pending))
        {
            ArrayPool<float>.Shared.Return(input);
            throw new ObjectDisposedException(nameof(BatchingRunner));
        }

        return pending.Completion!.Task;
    }

    private async Task LoopAsync()
    {
        var reader = queue!.Reader;
        var batch = new List<Pending>(maxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stopping.Token))
            {
                batch.Clear();
                var deadline = DateTime.UtcNow + maxWait;
                while (batch.Count < maxBatch)
                {
                    if (reader.TryRead(out var item))
                    {
                        batch.Add(item);
                        continue;
                    }

                    // Wait for more only while some caller is still preprocessing an input: a lone request runs at once.
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || batch.Count == 0 || Volatile.Read(ref preparing) <= 0)
                    {
                        break;
                    }

                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
                    timeout.CancelAfter(left);
                    try
                    {
                        if (!await reader.WaitToReadAsync(timeout.Token))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                    {
                        break;
                    }
                }

                if (batch.Count == 0)
                {
                    continue;
                }

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

    private InferenceResult[] Execute(IReadOnlyList<Pending> batch)
    {
        var n = batch.Count;
        Interlocked.Increment(ref runs);
        Interlocked.Add(ref items, n);
        float[] input;
        if (n == 1)
        {
            input = batch[0].Input;
        }
        else
        {
            input = ArrayPool<float>.Shared.Rent(ItemSize * n);
            for (var i = 0; i < n; i++)
            {
                batch[i].Input.AsSpan(0, ItemSize).CopyTo(input.AsSpan(i * ItemSize, ItemSize));
                ArrayPool<float>.Shared.Return(batch[i].Input);
            }
        }

        try
        {
            long[] shape = [n, .. itemShape];
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, ItemSize * n), shape);
            using var outputs = session.Run(runOptions, [inputName], [value], outputNames);
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
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue?.Writer.TryComplete();
        await stopping.CancelAsync();
        await Task.WhenAll(loops);

        stopping.Dispose();
        runOptions.Dispose();
    }

    private readonly record struct Pending(float[] Input, TaskCompletionSource<InferenceResult>? Completion);
}
