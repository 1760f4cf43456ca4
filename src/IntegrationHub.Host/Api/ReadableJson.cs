using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Host.Api;

/// <summary>
/// How the API writes JSON for people as well as programs: Chinese and other text as UTF-8, not <c>\u</c> escapes
/// (answers are <c>application/json</c>, never embedded in HTML), and binary floating-point values rounded to the 15
/// significant digits a double actually holds, so a sum reads 56058429.3 rather than 56058429.300000004.
/// </summary>
public static class ReadableJson
{
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new DoubleConverter());
        return options;
    }

    private sealed class DoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && (options.NumberHandling & JsonNumberHandling.AllowReadingFromString) != 0
                ? double.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(double.IsFinite(value) ? double.Parse(value.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value);
    }
}
