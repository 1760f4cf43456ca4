using System.Text;

namespace IntegrationHub.Plugins.DataQuery;

internal static class Csv
{
    public static byte[] Write(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', columns.Select(Field)).Append("\r\n");
        foreach (var row in rows)
        {
            sb.AppendJoin(',', row.Select(v => Field(v is null ? "" : AnswerText.IsNumber(v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "" : v.ToString() ?? ""))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
