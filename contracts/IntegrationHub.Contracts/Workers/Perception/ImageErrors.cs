using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Contracts.Workers.Perception;

/// <summary>The perception worker's error codes that blame the image itself.</summary>
public static class ImageErrors
{
    /// <summary>The prefix of every code that blames the image itself (<c>image.corrupt</c>, <c>image.too-large</c>, …).</summary>
    public const string Prefix = "image.";

    /// <summary>The image itself is the problem: asking again with it cannot succeed, so it is an answer, not a retry.</summary>
    public static bool IsBadImage(this ContractError error) => error.Code.StartsWith(Prefix, StringComparison.Ordinal);
}
