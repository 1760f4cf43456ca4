using System.Text;
using IntegrationHub.Contracts.Workers.Perception;
using Xunit.Abstractions;

namespace IntegrationHub.Perception.Tests;

[Collection(PerceptionCollection.Name)]
public sealed class OcrTests(PerceptionFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Reads_rendered_chinese_and_english_lines_with_at_least_95_percent_character_accuracy()
    {
        const int perPage = 8;
        var pages = TestImages.Lines.Chunk(perPage).Select((lines, i) => (Lines: lines, Page: TestImages.Page(lines, i))).ToList();
        var reply = await fixture.Perception.ReadTextAsync(new ReadTextRequest([.. pages.Select((p, i) => new ImageInput("page" + i, p.Page.Png))]));

        Assert.Null(reply.Error);
        var (errors, total) = (0, 0);
        for (var p = 0; p < pages.Count; p++)
        {
            var result = reply.Results[p];
            Assert.Null(result.Error);
            for (var i = 0; i < pages[p].Lines.Length; i++)
            {
                var centre = pages[p].Page.Centres[i];
                var read = string.Concat(result.Lines
                    .Where(l => Math.Abs(l.Box.Y + l.Box.Height / 2 - centre) < TestImages.LineSpacing / 2f)
                    .OrderBy(l => l.Box.X)
                    .Select(l => l.Text));
                var expected = Normalise(pages[p].Lines[i]);
                var got = Normalise(read);
                var distance = Levenshtein(expected, got);
                (errors, total) = (errors + distance, total + expected.Length);
                output.WriteLine($"{(distance == 0 ? "  " : "✗ ")}{pages[p].Lines[i]}  →  {read}");
            }
        }

        var accuracy = 1.0 - (double)errors / total;
        output.WriteLine($"OCR character accuracy: {accuracy:P2} ({total - errors}/{total} characters, {TestImages.Lines.Length} lines, whitespace ignored, NFKC)");
        Console.WriteLine($"OCR character accuracy: {accuracy:P2} over {TestImages.Lines.Length} lines");
        Assert.True(TestImages.Lines.Length >= 30);
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy:P2}");
        Assert.All(reply.Results.SelectMany(r => r.Lines), l => Assert.InRange(l.Confidence, 0.5f, 1f));
    }

    [Fact]
    public async Task Reads_given_regions_without_detection()
    {
        var (png, centres) = TestImages.Page(["Work order WO-2024-00318", "主变压器油温正常"], 0);
        var regions = centres.Select(c => new BoundingBox(10, c - 22, 700, 44)).ToList();
        var reply = await fixture.Perception.ReadTextAsync(new ReadTextRequest([new ImageInput("r", png)], regions));
        var lines = reply.Results[0].Lines;
        output.WriteLine(string.Join(" | ", lines.Select(l => l.Text)));
        Assert.Equal(2, lines.Count);
        Assert.Contains("WO-2024-00318", Normalise(lines[0].Text), StringComparison.Ordinal);
        Assert.Contains("主变压器油温正常", Normalise(lines[1].Text), StringComparison.Ordinal);
    }

    internal static string Normalise(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC);
        return string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
    }

    internal static int Levenshtein(string a, string b)
    {
        var d = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            d[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var previous = d[0];
            d[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return d[b.Length];
    }
}
