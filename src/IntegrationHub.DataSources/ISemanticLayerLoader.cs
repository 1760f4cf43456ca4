using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.DataSources;

/// <summary>
/// Reads a semantic-layer file. The text-to-SQL library owns the format (YAML/JSON); the host registers its loader
/// here so this library needs no parser of its own.
/// </summary>
public interface ISemanticLayerLoader
{
    SemanticLayer Load(string path);
}
