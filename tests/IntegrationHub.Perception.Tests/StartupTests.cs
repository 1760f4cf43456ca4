using IntegrationHub.Perception.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Perception.Tests;

[Collection(PerceptionCollection.Name)]
public sealed class StartupTests(PerceptionFixture fixture)
{
    [Fact]
    public async Task Preload_loads_models_at_start_and_survives_a_bad_one()
    {
        var settings = fixture.Settings;
        settings["Perception:Preload:0"] = "tiny-rgb";
        settings["Perception:Preload:1"] = "no-such-model";
        await using var services = PerceptionFixture.BuildServices(settings);

        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var model = await services.GetRequiredService<ModelHost>().GetAsync("tiny-rgb");
        Assert.True(model.Runner!.Batching);
        Assert.Equal("CPU", services.GetRequiredService<SessionFactory>().ExecutionProvider);
    }
}
