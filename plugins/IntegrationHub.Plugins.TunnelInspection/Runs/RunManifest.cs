using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using nietras.SeparatedValues;

namespace IntegrationHub.Plugins.TunnelInspection.Runs;

/// <summary>The run's header (from the JSON manifest, completed by the upload's form fields) and its image lines.</summary>
public sealed record RunHeader(string? RunId, string? TunnelId, string? Line, string? Direction, string? Method, string? Date);

/// <summary>
/// Reads a run manifest: JSON (<c>{"tunnelId":…, "images":[{"id","file","chainage","ring","position","mmPerPixel"}]}</c>)
/// or CSV (header <c>id,file,chainage,ring,position,mm_per_pixel</c>, the run's header in form fields). A bad line is
/// reported with its reason and the others are kept.
/// </summary>
public static class RunManifest
{
    public sealed record Parsed(RunHeader Header, List<ManifestLine> Lines, List<ImageError> Errors);

    public static async Task<Parsed> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var head = new byte[64];
        var read = await stream.ReadAsync(head, cancellationToken);
        stream.Position = 0;
        var json = System.Text.Encoding.UTF8.GetString(head, 0, read).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{');
        return json ? await ReadJsonAsync(stream, cancellationToken) : ReadCsv(stream);
    }

    private static async Task<Parsed> ReadJsonAsync(Stream stream, CancellationToken cancellationToken)
    {
        JsonObject root;
        try
        {
            root = (await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken))?.AsObject() ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException($"The manifest is not a JSON object: {e.Message}");
        }

        var header = new RunHeader(Text(root, "runId"), Text(root, "tunnelId"), Text(root, "line"), Text(root, "direction"), Text(root, "method"), Text(root, "date"));
        var lines = new List<ManifestLine>();
        var errors = new List<ImageError>();
        var index = 0;
        foreach (var node in root["images"]?.AsArray() ?? [])
        {
            index++;
            var image = node as JsonObject;
            var line = Validate(
                $"images[{index - 1}]", Text(image, "id"), Text(image, "file"), Text(image, "chainage"),
                Text(image, "ring"), Text(image, "position"), Text(image, "mmPerPixel"));
            Add(line, lines, errors);
        }

        return new Parsed(header, lines, errors);
    }

    private static Parsed ReadCsv(Stream stream)
    {
        var lines = new List<ManifestLine>();
        var errors = new List<ImageError>();
        using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All, HasHeader = true }).From(stream);
        var columns = reader.Header.ColNames.ToDictionary(n => n.Replace("_", string.Empty).ToLowerInvariant(), n => n);
        string[] required = ["id", "file", "chainage", "ring", "position", "mmperpixel"];
        if (required.FirstOrDefault(c => !columns.ContainsKey(c)) is { } missing)
        {
            throw new FormatException($"The CSV manifest has no '{missing}' column (header: id,file,chainage,ring,position,mm_per_pixel).");
        }

        foreach (var row in reader)
        {
            var values = new string[required.Length];
            for (var i = 0; i < required.Length; i++)
            {
                values[i] = row[columns[required[i]]].ToString();
            }

            Add(Validate($"line {row.LineNumberFrom}", values[0], values[1], values[2], values[3], values[4], values[5]), lines, errors);
        }

        return new Parsed(new RunHeader(null, null, null, null, null, null), lines, errors);
    }

    private static void Add(object result, List<ManifestLine> lines, List<ImageError> errors)
    {
        if (result is ManifestLine line)
        {
            lines.Add(line);
        }
        else
        {
            errors.Add((ImageError)result);
        }
    }

    private static object Validate(string where, string? id, string? file, string? chainage, string? ring, string? position, string? scale)
    {
        var at = string.IsNullOrWhiteSpace(id) ? where : id;
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(file))
        {
            return new ImageError(at, "id and file are required");
        }

        if (!Chainage.TryParse(chainage, out var metres))
        {
            return new ImageError(at, $"chainage '{chainage}' is not like K12+345.6");
        }

        if (!int.TryParse(ring, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ringNumber) || ringNumber < 0)
        {
            return new ImageError(at, $"ring '{ring}' is not a ring number");
        }

        if (LiningPositions.Normalise(position) is not { } lining)
        {
            return new ImageError(at, $"position '{position}' is not one of {string.Join(", ", LiningPositions.All)}");
        }

        if (!double.TryParse(scale, NumberStyles.Float, CultureInfo.InvariantCulture, out var mmPerPixel) || mmPerPixel is <= 0 or > 100)
        {
            return new ImageError(at, $"mmPerPixel '{scale}' is not a positive scale");
        }

        return new ManifestLine(id.Trim(), Path.GetFileName(file.Trim()), metres, ringNumber, lining, mmPerPixel);
    }

    private static string? Text(JsonObject? node, string name) =>
        node?[name] is JsonValue value ? value.ToString() : null;
}
