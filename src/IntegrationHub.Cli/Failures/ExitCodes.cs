namespace IntegrationHub.Cli.Failures;

/// <summary>The <c>hub</c> command's exit codes (the README's table lists them too).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The operation ran and failed (a plugin that did not come back running, an unexpected error).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, or an input file that is missing, unreadable or not JSON.</summary>
    public const int BadInput = 2;

    /// <summary>No hub answers at the address (not running, wrong <c>--url</c>/<c>HUB_URL</c>).</summary>
    public const int Unreachable = 3;

    /// <summary>The hub refused the API key, or none was given (401/403).</summary>
    public const int Unauthorized = 4;

    /// <summary>What was asked for does not exist on the hub (404).</summary>
    public const int NotFound = 5;

    /// <summary>The hub refused the request: invalid body (400/413/415) or a conflict with its state (409).</summary>
    public const int Refused = 6;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}
