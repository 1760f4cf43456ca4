using System.Text;
using IntegrationHub.Contracts.Workers.Perception;
using SkiaSharp;
using Xunit.Abstractions;

namespace IntegrationHub.Perception.Tests;

/// <summary>
/// OCR on rendered lines distorted as field photos are: rotated, seen at an angle, blurred, noisy, JPEG-compressed,
/// vertical and upside down. Prints the character accuracy per distortion (docs/benchmarks.md records the table).
/// </summary>
[Collection(PerceptionCollection.Name)]
public sealed class OcrDistortionTests(PerceptionFixture fixture, ITestOutputHelper output)
{
    /// <summary>Each distortion with the character accuracy the engine must reach on <see cref="LineImages.Samples"/>.</summary>
    private static readonly (string Name, double Floor, Func<SKBitmap, byte[]> Apply)[] Distortions =
    [
        ("level", 0.98, Png),
        ("rotated +1°", 0.95, b => Rotated(b, 1)),
        ("rotated −1.5°", 0.95, b => Rotated(b, -1.5f)),
        ("rotated +2.5°", 0.95, b => Rotated(b, 2.5f)),
        ("rotated −3.5°", 0.95, b => Rotated(b, -3.5f)),
        ("rotated +5°", 0.95, b => Rotated(b, 5)),
        ("rotated −5°", 0.95, b => Rotated(b, -5)),
        ("rotated −5°, text at 22 px", 0.90, b => Distorted(b, x => Distorted(x, y => LineImages.Scaled(y, 0.65f), y => LineImages.Rotate(y, -5)))),
        ("perspective skew", 0.95, b => Distorted(b, x => LineImages.Perspective(x))),
        ("blur σ 1.5", 0.93, b => Distorted(b, x => LineImages.Blur(x, 1.5f))),
        ("noise σ 20", 0.93, b => Distorted(b, x => LineImages.Noise(x, 20, 7))),
        ("JPEG q 25", 0.93, b => PerceptionFixture.Jpeg(b, 25)),
        ("+3° + blur + noise + JPEG", 0.90, b => Distorted(b, x => Distorted(x, r => LineImages.Rotate(r, 3), y => LineImages.Noise(LineImages.Blur(y, 1f), 12, 3)), 40)),
    ];

    [Fact]
    public async Task Reads_rotated_skewed_blurred_noisy_and_compressed_lines_per_distortion()
    {
        var table = new StringBuilder("| distortion | character accuracy | lines read exactly | English lines with every space | floor |\n|---|---|---|---|---|\n");
        var failures = new List<string>();
        var (spacedLines, englishLines) = (0, 0);
        foreach (var (name, floor, apply) in Distortions)
        {
            var (accuracy, exact, spaced) = await MeasureAsync(apply);
            (spacedLines, englishLines) = (spacedLines + spaced, englishLines + LineImages.Samples.Count(s => s.Text.Contains(' ')));
            table.Append($"| {name} | {accuracy:P1} | {exact}/{LineImages.Samples.Length} | {spaced}/{LineImages.Samples.Count(s => s.Text.Contains(' '))} | {floor:P0} |\n");
            if (accuracy < floor)
            {
                failures.Add($"{name}: {accuracy:P1} < {floor:P0}");
            }
        }

        output.WriteLine(table.ToString());
        Console.WriteLine("OCR character accuracy per distortion:\n" + table);
        Assert.Empty(failures);
        Assert.True(spacedLines >= 0.85 * englishLines, $"every space kept in only {spacedLines} of {englishLines} English lines");
    }

    [Fact]
    public async Task Keeps_the_spaces_between_words()
    {
        var english = LineImages.Samples.Where(s => s.Text.Contains(' ')).ToArray();
        var reads = await ReadAsync(english.Select(s => Png(LineImages.Render(s.Text, s.Serif))));
        for (var i = 0; i < english.Length; i++)
        {
            output.WriteLine($"{english[i].Text} → {reads[i]}");
            Assert.Equal(WordCount(english[i].Text), WordCount(reads[i]));
        }
    }

    [Fact]
    public async Task Reads_vertical_and_upside_down_lines()
    {
        (string Name, string Expected, byte[] Image)[] cases =
        [
            ("vertical Chinese column", "隧道衬砌裂缝", Png(LineImages.RenderColumn("隧道衬砌裂缝"))),
            ("English line turned a quarter", "Cable trench water", Rotated(LineImages.Render("Cable trench water", false), -90)),
            ("Chinese line upside down", "主变压器油温正常", Rotated(LineImages.Render("主变压器油温正常", true), 180)),
            ("English line upside down", "Repair crew arrived", Rotated(LineImages.Render("Repair crew arrived", false), 180)),
        ];
        var reads = await ReadAsync(cases.Select(c => c.Image));
        var accuracies = cases.Select((c, i) => Accuracy(c.Expected, reads[i])).ToArray();
        for (var i = 0; i < cases.Length; i++)
        {
            output.WriteLine($"{cases[i].Name}: {cases[i].Expected} → {reads[i]} ({accuracies[i]:P0})");
        }

        Assert.All(accuracies, a => Assert.True(a >= 0.8, $"accuracy {a:P0}"));
    }

    [Fact]
    public async Task Reads_a_rotated_page_of_lines_in_reading_order()
    {
        var lines = TestImages.Lines.Take(8).ToArray();
        var (png, _) = TestImages.Page(lines, 0);
        using var page = SKBitmap.Decode(png);
        var reads = await ReadAsync([Rotated(page, 4)]);
        var accuracy = Accuracy(string.Concat(lines), reads[0]);
        output.WriteLine($"page turned 4°: {accuracy:P1}\n{reads[0]}");
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy:P1}");
    }

    private async Task<(double Accuracy, int Exact, int Spaced)> MeasureAsync(Func<SKBitmap, byte[]> apply)
    {
        var images = LineImages.Samples.Select(s =>
        {
            using var line = LineImages.Render(s.Text, s.Serif);
            return apply(line);
        });
        var reads = await ReadAsync(images);
        var (errors, total, exact, spaced) = (0, 0, 0, 0);
        for (var i = 0; i < reads.Length; i++)
        {
            var text = LineImages.Samples[i].Text;
            var expected = OcrTests.Normalise(text);
            var distance = Math.Min(expected.Length, OcrTests.Levenshtein(expected, OcrTests.Normalise(reads[i])));
            (errors, total, exact) = (errors + distance, total + expected.Length, exact + (distance == 0 ? 1 : 0));
            spaced += text.Contains(' ') && WordCount(text) == WordCount(reads[i]) ? 1 : 0;
            output.WriteLine($"  {(distance == 0 ? " " : "✗")} {text} → {reads[i]}");
        }

        return (1.0 - (double)errors / total, exact, spaced);
    }

    /// <summary>Each image's lines joined in reading order.</summary>
    private async Task<string[]> ReadAsync(IEnumerable<byte[]> images)
    {
        var inputs = images.Select((png, i) => new ImageInput("line" + i, png)).ToList();
        var reply = await fixture.Perception.ReadTextAsync(new ReadTextRequest(inputs));
        Assert.Null(reply.Error);
        Assert.All(reply.Results, r => Assert.Null(r.Error));
        return [.. reply.Results.Select(r => string.Join(" ", r.Lines.Select(l => l.Text)))];
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static double Accuracy(string expected, string read)
    {
        var e = OcrTests.Normalise(expected);
        return 1.0 - (double)Math.Min(e.Length, OcrTests.Levenshtein(e, OcrTests.Normalise(read))) / e.Length;
    }

    private static byte[] Png(SKBitmap bitmap) => PerceptionFixture.Png(bitmap);

    private static byte[] Rotated(SKBitmap bitmap, float degrees) => Distorted(bitmap, b => LineImages.Rotate(b, degrees));

    private static byte[] Distorted(SKBitmap bitmap, Func<SKBitmap, SKBitmap> distort, int jpegQuality = 0)
    {
        using var result = distort(bitmap);
        return jpegQuality > 0 ? PerceptionFixture.Jpeg(result, jpegQuality) : Png(result);
    }

    private static SKBitmap Distorted(SKBitmap bitmap, Func<SKBitmap, SKBitmap> first, Func<SKBitmap, SKBitmap> second)
    {
        using var middle = first(bitmap);
        return second(middle);
    }
}
