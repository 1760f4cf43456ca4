using IntegrationHub.Host.Configuration;

namespace IntegrationHub.Host.Security;

/// <summary>The hub does not start with a key it cannot check safely: each needs a principal and a salted hash.</summary>
internal static class ApiKeysValidation
{
    public const string Message =
        "Hub:Api:Keys: every key needs Name and Hash ('pbkdf2-sha256$…', written by 'hub keys hash'); unsalted Sha256 digests are no longer accepted.";

    public static bool IsValid(HubOptions options) => Problems(options).Count == 0;

    public static IReadOnlyList<string> Problems(HubOptions options) =>
        options.Api.Keys.Select((key, i) =>
                string.IsNullOrWhiteSpace(key.Name) ? $"Hub:Api:Keys:{i}: Name is required"
                : !string.IsNullOrEmpty(key.Sha256) ? $"Hub:Api:Keys:{i} ({key.Name}): Sha256 is an unsalted digest; hash the key with 'hub keys hash' and set Hash instead"
                : ApiKeyHash.Problem(key.Hash) is { } problem ? $"Hub:Api:Keys:{i} ({key.Name}): Hash is {problem}"
                : null)
            .OfType<string>()
            .ToList();
}
