using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Contracts.Workers.Query;

/// <summary>
/// Optional companion of <see cref="Plugins.IDataSources"/>: the semantic layer configured for a data source
/// (<c>DataSources:{name}:SemanticLayer</c>). The hub's data-source service implements both; a plugin asks with
/// <c>dataSources as ISemanticLayerSource</c> and works without one when the cast gives null.
/// </summary>
public interface ISemanticLayerSource
{
    /// <summary>The source's semantic layer, or null when none is configured (or none could be read).</summary>
    Task<SemanticLayer?> GetSemanticLayerAsync(string source, CancellationToken cancellationToken = default);
}
