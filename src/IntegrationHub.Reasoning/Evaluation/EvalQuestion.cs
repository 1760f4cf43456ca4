using System.Text.Json;

namespace IntegrationHub.Reasoning.Evaluation;

/// <summary>One evaluation question, as the dev sets write it: <c>{"id", "question", "gold_sql", "category", "db"}</c>.</summary>
/// <param name="GoldSql">sql-eval notation allowed: alternatives separated by <c>;</c>, <c>{a, b}</c> for any of the columns (see <see cref="GoldSql"/>).</param>
/// <param name="Database">Which database the question is about, for sets spanning several (<c>--db</c> with <c>{db}</c>).</param>
public sealed record EvalQuestion(string Id, string Question, string? GoldSql, string Category, string? Database);

public static class EvalQuestions
{
    public const string NoCategory = "all";

    /// <summary>Reads a JSONL file; gold SQL from <paramref name="goldPath"/> (lines of <c>{"id", "gold_sql"}</c>) overrides the questions' own.</summary>
    /// <exception cref="FormatException">A line is not a JSON object with an id and a question; the message names the file and line.</exception>
    public static IReadOnlyList<EvalQuestion> Load(string path, string? goldPath = null)
    {
        var gold = goldPath is null ? new Dictionary<string, string>() : Lines(goldPath).ToDictionary(
            x => Text(x.Json, "id", x.Where) ?? throw new FormatException($"{x.Where}: no \"id\""),
            x => Text(x.Json, "gold_sql", x.Where) ?? Text(x.Json, "sql", x.Where) ?? throw new FormatException($"{x.Where}: no \"gold_sql\""));
        var questions = new List<EvalQuestion>();
        var seen = new HashSet<string>();
        foreach (var (json, where) in Lines(path))
        {
            var id = Text(json, "id", where) ?? throw new FormatException($"{where}: no \"id\"");
            var question = Text(json, "question", where) ?? throw new FormatException($"{where}: no \"question\"");
            if (!seen.Add(id)) throw new FormatException($"{where}: id '{id}' appears twice");
            questions.Add(new EvalQuestion(id, question, gold.GetValueOrDefault(id) ?? Text(json, "gold_sql", where),
                Text(json, "category", where) ?? NoCategory, Text(json, "db", where)));
        }

        return questions;
    }

    private static IEnumerable<(JsonElement Json, string Where)> Lines(string path)
    {
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement json;
            try
            {
                using var doc = JsonDocument.Parse(line);
                json = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}:{n}: not JSON ({e.Message})", e);
            }

            if (json.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}:{n}: not a JSON object");
            yield return (json, $"{path}:{n}");
        }
    }

    private static string? Text(JsonElement json, string name, string where) => json.TryGetProperty(name, out var v) switch
    {
        false => null,
        true when v.ValueKind == JsonValueKind.Null => null,
        true when v.ValueKind is JsonValueKind.String or JsonValueKind.Number => v.ToString(),
        _ => throw new FormatException($"{where}: \"{name}\" must be a string"),
    };
}
