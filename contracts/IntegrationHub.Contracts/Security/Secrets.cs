using System.Text.RegularExpressions;

namespace IntegrationHub.Contracts.Security;

/// <summary>
/// The one place secrets are taken out of text before it is printed, logged or put in an exception: connection-string
/// passwords and keys (<c>Password=…</c>, <c>Pwd=…</c>, <c>ApiKey=…</c>, <c>access_token=…</c>), the password in a URI's
/// user info (<c>amqp://hub:…@host</c>) and <c>X-Api-Key</c> headers. What is left still says where and who.
/// </summary>
public static partial class Secrets
{
    public const string Mask = "***";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        text = KeyValue().Replace(text, m => $"{m.Groups["name"].Value}{m.Groups["eq"].Value}{Mask}");
        text = UserInfo().Replace(text, m => $"{m.Groups["scheme"].Value}{m.Groups["user"].Value}:{Mask}@");
        return text;
    }

    /// <summary>An exception's message with its secrets taken out (its type stays, for the reader).</summary>
    public static string Redact(Exception exception) => Redact(exception.Message);

    // name = value up to the next ';' (or a whole quoted value), in connection strings, query strings and headers.
    [GeneratedRegex("""(?<name>\b(?:password|pwd|passwd|secret|api[-_ ]?key|access[-_]?token|token|x-api-key)\b)(?<eq>\s*[=:]\s*)(?:'[^']*'|"[^"]*"|[^;&\s,"']+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValue();

    [GeneratedRegex("""(?<scheme>\b[a-z][a-z0-9+.-]*://)(?<user>[^:/@\s]+):[^@/\s]+@""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
