using System.Diagnostics;
using IntegrationHub.Testing;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 12, deployment files that are checked: the Kustomize base as <c>kubectl kustomize</c> renders it and the
/// compose file as <c>docker-compose config</c> renders it (the tools <c>deploy/check</c> installs from Debian's
/// packages) follow the hub's rules: probes on liveness and readiness, resources, a disruption budget per role, a
/// queue-length scaler per worker, and workers that get the broker's settings only.
/// </summary>
public sealed class DeployManifestTests
{
    private static readonly string Deploy = Path.Combine(PluginFolders.RepositoryRoot(), "deploy");

    [SkippableFact]
    public async Task The_kubernetes_manifests_render_and_every_role_has_probes_resources_a_budget_and_workers_a_scaler()
    {
        var documents = Documents(await RenderAsync("kubectl", "kustomize", Path.Combine(Deploy, "k8s")));
        var deployments = documents.Where(d => Text(d, "kind") == "Deployment").ToList();
        Assert.Equal(["hub", "perception-worker", "reasoning-worker"], deployments.Select(d => Text(d, "metadata", "name")).Order());
        var configs = documents.Where(d => Text(d, "kind") is "ConfigMap" or "Secret")
            .ToDictionary(d => Text(d, "metadata", "name")!, d => Keys(d, Text(d, "kind") == "Secret" ? "stringData" : "data"));

        foreach (var deployment in deployments)
        {
            var name = Text(deployment, "metadata", "name")!;
            var container = Assert.Single(Sequence(deployment, "spec", "template", "spec", "containers"));
            Assert.Equal("/health/ready", Text(container, "readinessProbe", "httpGet", "path"));
            Assert.Equal("/health/live", Text(container, "livenessProbe", "httpGet", "path"));
            foreach (var bound in new[] { "requests", "limits" })
            {
                Assert.NotNull(Text(container, "resources", bound, "cpu"));
                Assert.NotNull(Text(container, "resources", bound, "memory"));
            }

            var label = Text(deployment, "spec", "selector", "matchLabels", "app.kubernetes.io/name");
            Assert.Contains(documents, d => Text(d, "kind") == "PodDisruptionBudget" && Text(d, "spec", "selector", "matchLabels", "app.kubernetes.io/name") == label);

            var sources = Sequence(container, "envFrom").Select(e => Text(e, "configMapRef", "name") ?? Text(e, "secretRef", "name")!).ToList();
            Assert.All(sources, s => Assert.True(configs.ContainsKey(s), $"{name} reads {s}, which the base does not define"));
            if (name == "hub")
            {
                Assert.Contains("hub-secrets", sources);
                continue;
            }

            // A worker: the broker's settings only, and KEDA scales it on its own queue (named after the worker).
            var settings = sources.SelectMany(s => configs[s]).ToList();
            Assert.All(settings, key => Assert.True(key.StartsWith("Hub__Bus__", StringComparison.Ordinal) || key == "ASPNETCORE_URLS", $"{name} gets {key}"));
            var worker = Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value).Last();
            var scaler = Assert.Single(documents, d => Text(d, "kind") == "ScaledObject" && Text(d, "spec", "scaleTargetRef", "name") == name);
            var trigger = Assert.Single(Sequence(scaler, "spec", "triggers"));
            Assert.Equal("rabbitmq", Text(trigger, "type"));
            Assert.Equal(worker, Text(trigger, "metadata", "queueName"));
            Assert.Equal("QueueLength", Text(trigger, "metadata", "mode"));
        }
    }

    [SkippableFact]
    public async Task The_compose_file_renders_with_health_checks_and_workers_get_the_broker_settings_only()
    {
        var compose = Assert.Single(Documents(await RenderAsync("docker-compose", "-f", Path.Combine(Deploy, "docker-compose.yml"), "config")));
        var services = (YamlMappingNode)compose.Children[new YamlScalarNode("services")];
        Assert.Equal(["hub", "perception", "postgres", "rabbitmq", "reasoning"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order());
        foreach (var (key, value) in services.Children)
        {
            var service = (YamlMappingNode)value;
            Assert.NotNull(Sequence(service, "healthcheck", "test").FirstOrDefault());
            if (((YamlScalarNode)key).Value is "perception" or "reasoning")
            {
                Assert.All(Keys(service, "environment"), setting => Assert.StartsWith("Hub__Bus__", setting));
            }
        }
    }

    /// <summary>Runs a renderer; skipped where it is not installed (deploy/check installs it), failed where CI requires it.</summary>
    private static async Task<string> RenderAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["HUB_API_KEY_HASH"] = "placeholder-for-hub-keys-hash";
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.False(TestInfrastructure.Required, $"{tool} is required here (deploy/check installs it): {e.Message}");
            Skip.If(true, $"{tool} is not installed (bash deploy/check installs it)");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed: {error}");
            return await output;
        }
    }

    private static List<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static YamlNode? Node(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(step), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private static string? Text(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlNode> Sequence(YamlNode node, params string[] path) => Node(node, path) as YamlSequenceNode ?? [];

    private static List<string> Keys(YamlNode node, params string[] path) =>
        (Node(node, path) as YamlMappingNode)?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList() ?? [];
}
