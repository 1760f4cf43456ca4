using System.CommandLine;
using IntegrationHub.Perception;
using IntegrationHub.Perception.Models;
using IntegrationHub.Perception.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub train crack-classifier --data DIR --out MODELS</c>: trains a model's head here (see IntegrationHub.Perception.Training).</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Dataset folder with train/ and test/, each holding positive/ and negative/.", Required = true };
        var output = new Option<string>("--out") { Description = "Models folder: the backbone manifest is read from it; the head and its manifest are written to it.", DefaultValueFactory = _ => "models" };
        var name = new Option<string>("--name") { Description = "Model name.", DefaultValueFactory = _ => "concrete-crack" };
        var augmentations = new Option<int>("--augmentations") { Description = "Augmented variants per training tile (flips, tilts, noise).", DefaultValueFactory = _ => 1 };
        var crack = new Command("crack-classifier", "Train the crack / no-crack head on the ResNet18 features of DIR/train and report on DIR/test.") { data, output, name, augmentations };
        crack.SetAction(async (parse, cancellationToken) =>
        {
            var models = Path.GetFullPath(parse.GetValue(output)!);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Perception:ModelsPath"] = models,
                ["Perception:MaxImagesPerRequest"] = "64",
            }).Build();
            await using var services = new ServiceCollection().AddPerceptionWorker(configuration).BuildServiceProvider();
            var trainer = new CrackClassifierTrainer(services.GetRequiredService<IPerceptionService>(), services.GetRequiredService<ModelCatalog>(), Console.Error);
            var result = await trainer.TrainAsync(
                new CrackTrainingOptions(parse.GetValue(data)!, parse.GetValue(output)!, parse.GetValue(name)!, Augmentations: parse.GetValue(augmentations)), cancellationToken);
            Console.WriteLine($"wrote {result.ManifestPath} and {result.HeadPath} ({result.TrainRows} training rows, l2 {result.Penalty:G})");
            Console.WriteLine($"test: {result.Test}");
            Console.WriteLine($"test tilted and noisy: {result.TestTiltedNoisy}");
            return 0;
        });
        return new Command("train", "Train a model shipped in models/.") { crack };
    }
}
