using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using IntegrationHub.Cli.Commands;

namespace IntegrationHub.Cli.Failures;

/// <summary>A failure as the operator reads it: one line saying what went wrong and what to do, and its exit code.</summary>
public sealed record CliFailure(int ExitCode, string Message)
{
    public static CliFailure From(Exception exception) => exception switch
    {
        HubApiException api => FromApi(api),
        HttpRequestException { InnerException: SocketException or IOException } or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } =>
            new(ExitCodes.Unreachable, $"cannot reach the hub ({exception.InnerException?.Message ?? exception.Message}). Start it with 'hub run', or point --url / HUB_URL at it."),
        TaskCanceledException { InnerException: TimeoutException } =>
            new(ExitCodes.Unreachable, "the hub did not answer in time. Check it is running ('GET /health') and try again."),
        OperationCanceledException => new(ExitCodes.Interrupted, "interrupted."),
        FileNotFoundException file => new(ExitCodes.BadInput, $"file not found: {file.FileName}. Check the path."),
        DirectoryNotFoundException or UnauthorizedAccessException => new(ExitCodes.BadInput, $"cannot read the input file: {exception.Message}"),
        ArgumentException argument => new(ExitCodes.BadInput, argument.Message),
        JsonException json => new(ExitCodes.BadInput, $"the input file is not valid JSON ({json.Message.Split('\n')[0].TrimEnd()}). Fix it and try again."),
        _ => new(ExitCodes.Failed, $"{exception.Message.Split('\n')[0].TrimEnd()} (run again with --verbose for details)"),
    };

    private static CliFailure FromApi(HubApiException e) => e.StatusCode switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            new(ExitCodes.Unauthorized, $"the hub refused the API key ({(int)e.StatusCode}). Pass --api-key KEY or set HUB_API_KEY (the embedded demo's key is demo-key)."),
        HttpStatusCode.NotFound => new(ExitCodes.NotFound, $"not found: {e.Reason}"),
        HttpStatusCode.Conflict => new(ExitCodes.Refused, $"refused: {e.Reason}"),
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity =>
            new(ExitCodes.Refused, $"refused ({(int)e.StatusCode}): {e.Reason}"),
        _ => new(ExitCodes.Failed, $"the hub failed ({(int)e.StatusCode}): {e.Reason}. Its log says more."),
    };
}
