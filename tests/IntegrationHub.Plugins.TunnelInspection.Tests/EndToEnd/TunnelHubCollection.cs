namespace IntegrationHub.Plugins.TunnelInspection.Tests.EndToEnd;

/// <summary>
/// The whole-hub tests run one after another, not side by side: each runs the crack classifier on every photo, and two
/// hubs classifying at once on a small CI machine push perception requests past their timeout.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TunnelHubCollection
{
    public const string Name = "tunnel hub";
}
