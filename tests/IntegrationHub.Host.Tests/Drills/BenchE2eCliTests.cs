using System.Text.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;
using Xunit.Abstractions;

namespace IntegrationHub.Host.Tests.Drills;

/// <summary>
/// <c>hub bench e2e</c> (issue 12) as a user runs it: the built command starts a hub and three worker processes of
/// its own, posts events with small images at a steady rate through the Diagnostics plugin, a reasoning worker, the
/// two perception workers and a connector to its sink, and ends with one JSON line. Short (3 s at 5 events/s), with a
/// burst, so drill 5's output is checked too.
/// </summary>
public sealed class BenchE2eCliTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Bench_e2e_delivers_every_event_once_across_processes_and_prints_its_figures_as_json()
    {
        var unavailable = TestInfrastructure.RabbitMqUnavailable();
        Skip.If(unavailable is not null, unavailable);
        using var bench = HubCliProcess.Start(
            ["bench", "e2e", "--seconds", "3", "--rate", "5", "--burst", "4", "--burst-seconds", "1", "--rabbitmq", TestInfrastructure.RabbitMqUri, "--json"], []);

        Assert.True(await bench.WaitForExitAsync(TimeSpan.FromMinutes(5)), "hub bench e2e did not finish in 5 minutes:\n" + bench.Output);
        output.WriteLine(bench.Output);
        var lines = bench.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("peak working set: hub ", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(lines[^1]);
        var figures = json.RootElement;

        Assert.Equal(0, figures.GetProperty("lost").GetInt32());
        Assert.Equal(0, figures.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, figures.GetProperty("errors").GetInt32());
        Assert.Equal(15 + 20 + 15, figures.GetProperty("posted").GetInt32());
        Assert.Equal(figures.GetProperty("posted").GetInt32(), figures.GetProperty("delivered").GetInt32());
        Assert.Equal(figures.GetProperty("delivered").GetInt32(), figures.GetProperty("perceived").GetInt32());
        Assert.InRange(figures.GetProperty("p50_ms").GetDouble(), 0.1, figures.GetProperty("p99_ms").GetDouble());
        Assert.Equal(["before", "burst", "after"], figures.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("phase").GetString()));
        Assert.All(figures.GetProperty("phases").EnumerateArray(), p => Assert.True(p.GetProperty("p99_ms").GetDouble() > 0));
        var memory = figures.GetProperty("peak_working_set_mb").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(["hub", "perception-1", "perception-2", "reasoning-1"], memory.Keys.Order());
        Assert.All(memory.Values, mb => Assert.InRange(mb, 20, 4096));

        // What each process ran, warm-up (10 probes) included: every probe in the hub, classified by the reasoning
        // worker, and its image embedded by one of the perception workers, both of which took a share.
        var consumed = figures.GetProperty("consumed");
        long Count(string process, string step) => consumed.GetProperty(process).TryGetProperty(step, out var n) ? n.GetInt64() : 0;
        var probes = 10 + 15 + 20 + 15;
        Assert.InRange(Count("hub", "hub.probe"), probes, 2 * probes);
        Assert.InRange(Count("reasoning-1", "reasoning.classify-intent"), probes, 2 * probes);
        Assert.InRange(Count("perception-1", "perception.embed") + Count("perception-2", "perception.embed"), probes, 2 * probes);
        Assert.True(Count("perception-1", "perception.embed") > 0 && Count("perception-2", "perception.embed") > 0, "both perception workers embed: " + consumed);
        Assert.Equal(0, Count("reasoning-1", "perception.embed") + Count("hub", "perception.embed"));
    }
}
