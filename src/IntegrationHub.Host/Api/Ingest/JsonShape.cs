namespace IntegrationHub.Host.Api.Ingest;

/// <summary>What a member's type looks like in JSON, in words a caller of the API reads (never a .NET type name).</summary>
internal static class JsonShape
{
    public static string Describe(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Describe(underlying) + " or null";
        }

        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"\"{n}\""));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "a date-time (ISO 8601, e.g. 2025-06-18T08:30:00+08:00)",
            _ when type == typeof(DateTimeOffset) => "a date-time (ISO 8601, e.g. 2025-06-18T08:30:00+08:00)",
            _ when type == typeof(DateOnly) => "a date (yyyy-MM-dd)",
            _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
            _ when type == typeof(Guid) => "a UUID (e.g. 3f2504e0-4f89-41d3-9a0c-0305e82c3301)",
            _ when type == typeof(byte[]) => "a base64 string",
            _ when type.IsAssignableTo(typeof(System.Collections.IDictionary)) => "a JSON object",
            _ when type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "a JSON array",
            _ => "a JSON object",
        };
    }
}
