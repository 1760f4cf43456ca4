namespace IntegrationHub.Benchmarks;

/// <summary>Collects latencies from many threads and answers percentiles.</summary>
public sealed class LatencyRecorder(int capacity)
{
    private readonly double[] _samples = new double[capacity];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add(double milliseconds)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length)
        {
            _samples[index] = milliseconds;
        }
    }

    public double Percentile(double p)
    {
        var n = Math.Min(Count, _samples.Length);
        if (n == 0)
        {
            return double.NaN;
        }

        var sorted = _samples[..n];
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * n) - 1, 0, n - 1)];
    }
}
