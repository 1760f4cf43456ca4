using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.DataSources;

/// <summary>Conversions between database values and the JSON-friendly values the contracts carry.</summary>
internal static class DbValues
{
    public static object? ToResult(object? value) => value switch
    {
        null or DBNull => null,
        string or long or int or short or double or float or decimal or bool => value,
        byte b => (int)b,
        DateTime d => d.TimeOfDay == TimeSpan.Zero && d.Kind != DateTimeKind.Utc ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        byte[] bytes => Convert.ToBase64String(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A parameter value as the driver wants it (JSON elements from a deserialised request become CLR values).</summary>
    public static object ToParameter(object? value) => value switch
    {
        null => DBNull.Value,
        JsonElement e => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.Number when e.TryGetInt64(out var l) => l,
            JsonValueKind.Number => e.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null or JsonValueKind.Undefined => DBNull.Value,
            _ => e.GetRawText(),
        },
        _ => value,
    };

    public static string ParameterName(string name) => name.TrimStart('@', ':', '$');
}
