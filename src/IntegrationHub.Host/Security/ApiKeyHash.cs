using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Host.Security;

/// <summary>
/// How an API key is kept in configuration: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash in Base64),
/// PBKDF2 over the key with a salt of its own, so equal keys never look equal and a leaked configuration does not
/// give the keys away. <c>hub keys hash</c> writes one.
/// </summary>
public static class ApiKeyHash
{
    public const string Prefix = "pbkdf2-sha256";
    public const int DefaultIterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Create(string key, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>A new random key (URL-safe, 256 bits) for an operator to hand out.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Null when <paramref name="stored"/> is a hash this class wrote; else why not.</summary>
    public static string? Problem(string? stored) => TryParse(stored, out _, out _, out _)
        ? null
        : $"not a '{Prefix}$ITERATIONS$SALT$HASH' value (write one with 'hub keys hash')";

    public static bool Verify(string key, string stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored?.Split('$') ?? [];
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], out iterations) || iterations < 1000)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
            return salt.Length >= 8 && hash.Length >= 16;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
