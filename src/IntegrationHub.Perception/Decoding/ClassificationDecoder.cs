using System.Globalization;
using IntegrationHub.Contracts.Workers.Perception;

namespace IntegrationHub.Perception.Decoding;

/// <summary>Classifier output: scores to probabilities (unless they already are), then the top k with their labels.</summary>
public static class ClassificationDecoder
{
    public static IReadOnlyList<ClassLabel> TopK(float[] scores, int k, IReadOnlyList<string> labels)
    {
        Softmax(scores);
        var top = scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).Take(Math.Max(1, k));
        return [.. top.Select(x => new ClassLabel(
            x.i < labels.Count ? labels[x.i] : x.i.ToString(CultureInfo.InvariantCulture), x.i, x.s))];
    }

    /// <summary>In place; a vector that is already a distribution (non-negative, sums to 1) is left as it is.</summary>
    public static void Softmax(float[] values)
    {
        var sum = values.Sum();
        if (values.All(v => v >= 0) && Math.Abs(sum - 1) < 1e-3)
        {
            return;
        }

        var max = values.Max();
        var total = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            total += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= total;
        }
    }
}
