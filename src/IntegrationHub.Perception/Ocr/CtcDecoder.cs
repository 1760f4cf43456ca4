using System.Text;

namespace IntegrationHub.Perception.Ocr;

/// <summary>Greedy CTC decoding: best class per step, drop blanks (index 0) and repeats.</summary>
public sealed class CtcDecoder
{
    private readonly string[] _characters;

    /// <param name="dictionary">One character per line, as PaddleOCR's ppocr_keys; index 0 is the CTC blank.</param>
    public CtcDecoder(IReadOnlyList<string> dictionary, bool useSpaceChar)
    {
        _characters = ["", .. dictionary, .. (useSpaceChar ? new[] { " " } : [])];
    }

    public int ClassCount => _characters.Length;

    public (string Text, float Confidence) Decode(ReadOnlySpan<float> probabilities, int steps, int classes)
    {
        var text = new StringBuilder();
        var (sum, count, previous) = (0f, 0, -1);
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var (best, bestP) = (0, float.MinValue);
            for (var c = 0; c < classes; c++)
            {
                if (row[c] > bestP)
                {
                    (best, bestP) = (c, row[c]);
                }
            }

            if (best != 0 && best != previous && best < _characters.Length)
            {
                text.Append(_characters[best]);
                sum += bestP;
                count++;
            }

            previous = best;
        }

        return (text.ToString(), count == 0 ? 0f : sum / count);
    }
}
