using System.Collections;
using System.Reflection;
using IntegrationHub.DataSources;
using IntegrationHub.Host.Api.Ingest;
using IntegrationHub.Host.Configuration;
using IntegrationHub.Host.Dispatch.Filters;
using IntegrationHub.Host.Outbox;
using IntegrationHub.Host.Retention;
using IntegrationHub.Perception;
using IntegrationHub.Reasoning;
using IntegrationHub.Storage;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 13: docs/configuration.md documents every property of every options class, by its full key.</summary>
public sealed class ConfigurationReferenceTests
{
    [Fact]
    public void Every_options_property_is_in_the_configuration_reference()
    {
        var reference = File.ReadAllText(Path.Combine(PluginFolders.RepositoryRoot(), "docs", "configuration.md"));
        var keys = new List<string>();
        Collect(typeof(HubOptions), HubOptions.Section, keys);
        Collect(typeof(StorageOptions), StorageOptions.Section, keys);
        Collect(typeof(OutboxOptions), OutboxOptions.Section, keys);
        Collect(typeof(IngestOptions), IngestOptions.Section, keys);
        Collect(typeof(RetentionOptions), RetentionOptions.Section, keys);
        Collect(typeof(FaultInjectionOptions), FaultInjectionOptions.Section, keys);
        Collect(typeof(IntegrationHub.Host.WebConsole.ConsoleOptions), IntegrationHub.Host.WebConsole.ConsoleOptions.Section, keys);
        Collect(typeof(PerceptionOptions), PerceptionOptions.SectionName, keys);
        Collect(typeof(ReasoningOptions), ReasoningOptions.SectionName, keys);
        Collect(typeof(DataSourceOptions), DataSourceOptions.Section + ":{name}", keys);

        Assert.Contains("Hub:Ingest:MaxEventBytes", keys);
        Assert.Contains("Hub:Api:Keys:{n}:Hash", keys);
        var missing = keys.Where(k => !reference.Contains(k.EndsWith(":{", StringComparison.Ordinal) ? k : k + "`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "Not in docs/configuration.md: " + string.Join(", ", missing));
    }

    /// <summary>Leaf keys of an options class; nested options classes are sections, lists of them indexed, dictionaries of them named.</summary>
    private static void Collect(Type options, string prefix, List<string> keys)
    {
        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var key = $"{prefix}:{property.Name}";
            var type = property.PropertyType;
            var element = type.IsGenericType ? type.GetGenericArguments()[^1] : null;
            if (IsOptions(type))
            {
                Collect(type, key, keys);
            }
            else if (element is not null && IsOptions(element) && type.IsAssignableTo(typeof(IDictionary)))
            {
                keys.Add(key + ":{"); // a named set of sections, documented by the section's own keys
            }
            else if (element is not null && IsOptions(element))
            {
                Collect(element, key + ":{n}", keys);
            }
            else
            {
                keys.Add(key);
            }
        }
    }

    private static bool IsOptions(Type type) => type.IsClass && type.Namespace?.StartsWith("IntegrationHub", StringComparison.Ordinal) == true;
}
