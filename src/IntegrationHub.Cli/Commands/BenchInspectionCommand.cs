using System.CommandLine;
using System.Globalization;
using IntegrationHub.Benchmarks;
using IntegrationHub.Cli.Composition;
using IntegrationHub.Host.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub bench inspection [--data DIR] [--images N] [--json]</c> (see <see cref="InspectionBenchmark"/>).</summary>
public static class BenchInspectionCommand
{
    private const string PluginId = "TunnelInspection";

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Folder of photos (searched recursively).", DefaultValueFactory = _ => "../shared/datasets/concrete-cracks/test" };
        var images = new Option<int>("--images") { Description = "Photos in the measured run.", DefaultValueFactory = _ => 200 };
        var model = new Option<string>("--model") { Description = "The crack classifier (the plugin's CrackModel).", DefaultValueFactory = _ => "concrete-crack" };
        var json = CliOptions.Json();
        var command = new Command("inspection", "Images/s of a TunnelInspection run through the embedded hub vs a bare ONNX Runtime classifier loop on the same photos.")
        {
            data, images, model, json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(data)!);
            if (!Directory.Exists(folder))
            {
                Console.Error.WriteLine($"--data {folder} is not a folder.");
                return 2;
            }

            var configuration = CliOptions.Configuration(parse.UnmatchedTokens);
            var options = new InspectionBenchmarkOptions(folder, Math.Max(1, parse.GetValue(images)), parse.GetValue(model)!, parse.GetValue(json));
            var result = await new InspectionBenchmark(options, configuration, ct => StartHubAsync(configuration, options.Model, ct), Console.Error).RunAsync(cancellationToken);
            Console.WriteLine(parse.GetValue(json)
                ? InspectionBenchmark.Format(result)
                : string.Create(CultureInfo.InvariantCulture, $"hub {result["hub_images_per_s"]} images/s vs bare loop {result["bare_images_per_s"]} images/s: ratio {result["ratio"]:0.000}"));
            return 0;
        });
        return command;
    }

    /// <summary>The embedded hub with only TunnelInspection loaded, the perception worker in process, an admin key for its API.</summary>
    private static async Task<IInspectionBenchmarkHub> StartHubAsync(IConfiguration configuration, string model, CancellationToken cancellationToken)
    {
        var key = ApiKeyHash.NewKey();
        var settings = configuration.GetSection("Perception").AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        settings["Hub:Api:Keys:0:Name"] = "bench";
        settings["Hub:Api:Keys:0:Hash"] = ApiKeyHash.Create(key);
        settings["Hub:Api:Principals:bench:Roles:0"] = "admin";
        settings[$"Plugins:{PluginId}:CrackModel"] = model;
        settings[$"Plugins:{PluginId}:ReportCron"] = "";
        var hub = await EmbeddedHub.StartAsync(new EmbeddedHubOptions(PluginId, settings, [new PerceptionModule()]), cancellationToken);
        var address = hub.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHub(hub, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(10), DefaultRequestHeaders = { { "X-Api-Key", key } } });
    }

    private sealed class BenchHub(EmbeddedHub hub, HttpClient client) : IInspectionBenchmarkHub
    {
        public HttpClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await hub.DisposeAsync();
        }
    }
}
