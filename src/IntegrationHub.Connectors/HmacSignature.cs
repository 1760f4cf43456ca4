using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Connectors;

/// <summary>
/// The signatures connectors send and verify. The hub's own scheme (outbound requests and inbound callbacks):
/// <c>X-Hub-Timestamp: unix seconds</c>, <c>X-Hub-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "\n" + body))</c>.
/// The robot schemes follow DingTalk (加签) and Feishu.
/// </summary>
public static class HmacSignature
{
    public const string SignatureHeader = "X-Hub-Signature";
    public const string TimestampHeader = "X-Hub-Timestamp";

    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{body}")));

    public static bool Verify(string secret, string? timestamp, string? signature, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature) || !long.TryParse(timestamp, out var seconds))
        {
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.Trim()));
    }

    /// <summary>DingTalk robot: <c>timestamp</c> in ms, <c>sign = Base64(HMAC-SHA256(key: secret, data: timestamp + "\n" + secret))</c>, both as query parameters.</summary>
    public static (string Timestamp, string Sign) DingTalk(string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeMilliseconds().ToString();
        return (timestamp, Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}"))));
    }

    /// <summary>Feishu robot: <c>timestamp</c> in seconds, <c>sign = Base64(HMAC-SHA256(key: timestamp + "\n" + secret, data: empty))</c>, both in the body.</summary>
    public static (string Timestamp, string Sign) Feishu(string secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString();
        return (timestamp, Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes($"{timestamp}\n{secret}"), Array.Empty<byte>())));
    }
}
