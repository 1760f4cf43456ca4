namespace IntegrationHub.Host.Api;

/// <summary>RFC 7807 problem-details answers for the API's refusals; caller input is quoted only shortened.</summary>
internal static class ApiProblems
{
    private const int QuoteLimit = 80;

    public static string Quote(string? input) => input is null ? "" : input.Length <= QuoteLimit ? input : input[..QuoteLimit] + "…";

    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(title: title, detail: detail, statusCode: status, extensions: extensions);
}
