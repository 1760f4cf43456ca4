using System.Text.Json;
using IntegrationHub.Benchmarks;
using IntegrationHub.Cli.Composition;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Perception.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IntegrationHub.Perception.Tests;

[Collection(PerceptionCollection.Name)]
public sealed class CliTests(PerceptionFixture fixture, ITestOutputHelper output)
{
    private IConfiguration Configuration => new ConfigurationBuilder().AddInMemoryCollection(fixture.Settings).Build();

    [Fact]
    public async Task Perceive_read_text_json_prints_lines_with_text_box_and_confidence_per_image()
    {
        var path = await WorkOrderPageAsync("page.png");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await PerceiveAsync("read-text", [path, path], null, json: true, stdout, stderr);

        output.WriteLine(stdout.ToString());
        Assert.Equal(0, exit);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var doc = JsonDocument.Parse(lines[0]);
        var first = doc.RootElement.GetProperty("lines")[0];
        Assert.Contains("WO-2024-00318", first.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(first.GetProperty("box").GetProperty("width").GetSingle() > 100);
        Assert.InRange(first.GetProperty("confidence").GetSingle(), 0.5f, 1f);
    }

    [Fact]
    public async Task Perceive_read_text_as_text_prints_the_model_then_each_image_with_its_lines_indented_under_it()
    {
        var path = await WorkOrderPageAsync("page-text.png");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await PerceiveAsync("read-text", [path, path], null, json: false, stdout, stderr);

        output.WriteLine(stdout.ToString());
        Assert.Equal(0, exit);
        var lines = stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("model ", lines[0], StringComparison.Ordinal);
        var images = lines.Select((line, at) => (line, at)).Where(l => l.line == $"{path}:").Select(l => l.at).ToList();
        Assert.Equal(2, images.Count);
        Assert.StartsWith("  ", lines[images[0] + 1], StringComparison.Ordinal);
        Assert.Contains("WO-2024-00318", lines[images[0] + 1], StringComparison.Ordinal);
        Assert.True(images[1] - images[0] - 1 >= 2, "both text lines of the page under the first image");
        Assert.All(lines[(images[0] + 1)..images[1]], l => Assert.Matches(@"^  .+    \(\d\.\d\d at \d+,\d+ \d+×\d+\)$", l));
    }

    [Fact]
    public async Task Perceive_reports_bad_input_with_its_code()
    {
        var path = Path.Combine(fixture.Root, "bad.png");
        await File.WriteAllBytesAsync(path, [1, 2, 3]);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await PerceiveAsync("classify", [path], "tiny-rgb", json: false, stdout, stderr);
        Assert.Equal(1, exit);
        Assert.Contains("image.corrupt", stdout.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Perceive_classify_takes_a_folder_of_more_images_than_one_request_and_prints_one_json_line_each()
    {
        Skip.If(CrackPhotos.Root is null, CrackPhotos.Missing);
        var folder = Path.Combine(fixture.Root, "classify-folder");
        Directory.CreateDirectory(folder);
        foreach (var (path, crack) in CrackPhotos.Test(true, 20, offset: 3).Select(p => (p, true)).Concat(CrackPhotos.Test(false, 19, offset: 3).Select(p => (p, false))))
        {
            File.Copy(path, Path.Combine(folder, (crack ? "crack-" : "clean-") + Path.GetFileName(path)));
        }

        await File.WriteAllBytesAsync(Path.Combine(folder, "corrupt.jpg"), [1, 2, 3]);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await PerceiveAsync("classify", [folder], "concrete-crack", json: true, stdout, stderr);

        output.WriteLine(stderr.ToString());
        Assert.Equal(1, exit);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(40, lines.Length);
        Assert.Contains($"{PerceptionCli.ChunkSize}/40 images", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("40/40 images", stderr.ToString(), StringComparison.Ordinal);
        var right = 0;
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var image = Path.GetFileName(doc.RootElement.GetProperty("image").GetString()!);
            var labels = doc.RootElement.GetProperty("labels").EnumerateArray().ToList();
            if (image == "corrupt.jpg")
            {
                Assert.Empty(labels);
                Assert.Equal("image.corrupt", doc.RootElement.GetProperty("error").GetProperty("code").GetString());
                continue;
            }

            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("error").ValueKind);
            Assert.Equal(2, labels.Count);
            Assert.True(labels[0].GetProperty("score").GetSingle() >= labels[1].GetProperty("score").GetSingle(), "labels best first");
            right += labels[0].GetProperty("label").GetString() == (image.StartsWith("crack-", StringComparison.Ordinal) ? "crack" : "no-crack") ? 1 : 0;
        }

        Assert.True(right >= 37, $"{right}/39 photos classified right");
    }

    [Fact]
    public async Task Perceive_refuses_a_path_that_is_neither_file_nor_folder()
    {
        var stderr = new StringWriter();
        var request = await PerceptionCli.ReadRequestAsync("classify", [Path.Combine(fixture.Root, "no-such-folder")], "concrete-crack", null, stderr, CancellationToken.None);
        Assert.Null(request);
        Assert.Contains("No file or folder", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_prints_the_summary_object_as_its_last_line()
    {
        var stdout = new StringWriter();
        var exit = await PerceptionBenchmark.RunAsync(
            new BenchSettings("tiny-rgb", Json: true, SecondsPerRun: 0.3, Clients: [1, 4]), Configuration,
            (configuration, ct) => CliWorkerBus.StartAsync(configuration, new PerceptionModule(), workerHere: true, ct), stdout, CancellationToken.None);
        output.WriteLine(stdout.ToString());
        Assert.Equal(0, exit);
        var last = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        using var doc = JsonDocument.Parse(last);
        foreach (var key in new[] { "hub_images_per_s", "raw_images_per_s", "ratio", "p50_ms", "p95_ms", "batching_speedup" })
        {
            Assert.True(doc.RootElement.GetProperty(key).GetDouble() >= 0, key);
        }

        Assert.True(doc.RootElement.GetProperty("hub_images_per_s").GetDouble() > 0);
    }

    /// <summary>What <c>hub perceive</c> does: check the command line, start the hub's bus (in memory, the worker here), ask, print.</summary>
    /// <summary>A page image with an English and a Chinese line of text, written as <paramref name="name"/>.</summary>
    private async Task<string> WorkOrderPageAsync(string name)
    {
        var path = Path.Combine(fixture.Root, name);
        await File.WriteAllBytesAsync(path, TestImages.Page(["Work order WO-2024-00318", "主变压器油温正常"], 0).Png);
        return path;
    }

    private async Task<int> PerceiveAsync(string task, string[] images, string? model, bool json, StringWriter stdout, StringWriter stderr)
    {
        var request = await PerceptionCli.ReadRequestAsync(task, images, model, null, stderr, CancellationToken.None);
        Assert.NotNull(request);
        var host = await CliWorkerBus.StartAsync(Configuration, new PerceptionModule(), workerHere: false, CancellationToken.None);
        try
        {
            return await PerceptionCli.PerceiveAsync(request, json, host.Services.GetRequiredService<IWorkerClient>(), stdout, stderr, CancellationToken.None);
        }
        finally
        {
            await CliWorkerBus.StopAsync(host);
        }
    }
}
