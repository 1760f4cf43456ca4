using System.CommandLine;
using System.Globalization;
using System.Text;
using IntegrationHub.Reasoning;
using IntegrationHub.Reasoning.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// <c>hub reason classify-intent|summarize|draft|text-to-sql --input IN.jsonl --output OUT.jsonl</c>: the reasoning
/// worker in this process (model endpoint from <c>Reasoning:*</c> settings, else offline), one reply line per input
/// line, in order (see <see cref="ReasoningCli"/>).
/// </summary>
public static class ReasonCommand
{
    public static Command Create()
    {
        var command = new Command("reason", "Run reasoning skills over a JSON-lines file.");
        foreach (var skill in ReasoningCli.Skills) command.Subcommands.Add(Skill(skill));
        return command;
    }

    private static Command Skill(string skill)
    {
        var input = new Option<string>("--input") { Description = "JSON-lines input file (- for stdin).", Required = true };
        var output = new Option<string?>("--output") { Description = "JSON-lines output file (default stdout)." };
        var command = new Command(skill, Describe(skill)) { input, output };
        var intentSet = new Option<string>("--intent-set") { Description = "Intent set name (fee-reminder, outage-notice, satisfaction-survey …).", Required = true };
        var language = new Option<string>("--language") { Description = "zh or en, for lines that do not say.", DefaultValueFactory = _ => "zh" };
        var catalog = new Option<string>("--catalog") { Description = "Database catalog JSON (DatabaseCatalog).", Required = true };
        var layer = new Option<string?>("--semantic-layer") { Description = "Semantic layer YAML/JSON file." };
        var asOf = new Option<string?>("--as-of") { Description = "Date relative time counts from (yyyy-MM-dd; default today)." };
        switch (skill)
        {
            case ReasoningSkills.ClassifyIntent: command.Options.Add(intentSet); break;
            case ReasoningSkills.TextToSql: command.Options.Add(catalog); command.Options.Add(layer); command.Options.Add(asOf); break;
            default: command.Options.Add(language); break;
        }
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = CliOptions.Configuration(parse.UnmatchedTokens);
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddReasoningWorker(configuration);
            await using var provider = services.BuildServiceProvider();

            var settings = new ReasoningCli.Settings(skill);
            try
            {
                if (skill == ReasoningSkills.ClassifyIntent) settings = settings with { IntentSet = parse.GetValue(intentSet) };
                else if (skill == ReasoningSkills.TextToSql)
                {
                    var (cat, sem) = ReasoningCli.LoadCatalog(parse.GetValue(catalog)!, parse.GetValue(layer));
                    settings = settings with
                    {
                        Catalog = cat, SemanticLayer = sem,
                        AsOf = parse.GetValue(asOf) is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                    };
                }
                else settings = settings with { Language = parse.GetValue(language)! };
            }
            catch (Exception e) when (e is IOException or FormatException or System.Text.Json.JsonException or InvalidDataException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }

            var inputPath = parse.GetValue(input)!;
            using var reader = inputPath == "-" ? Console.In : new StreamReader(inputPath, Encoding.UTF8);
            var outputPath = parse.GetValue(output);
            await using var writer = outputPath is null ? Console.Out : new StreamWriter(outputPath, false, new UTF8Encoding(false));
            var (lines, errors) = await ReasoningCli.RunAsync(provider.GetRequiredService<IReasoningService>(), settings, reader, writer, cancellationToken);
            await Console.Error.WriteLineAsync($"{skill}: {lines} lines, {errors} with an error");
            return 0;
        });
        return command;
    }

    private static string Describe(string skill) => skill switch
    {
        ReasoningSkills.ClassifyIntent => "{\"id\",\"text\"} lines → {\"id\",\"intent\",\"confidence\",\"engine\"} lines.",
        ReasoningSkills.Summarize => "{\"id\",\"text\"} or {\"id\",\"columns\",\"rows\",\"subject\"} lines → {\"id\",\"summary\",\"engine\"} lines.",
        ReasoningSkills.Draft => "{\"id\",\"kind\",\"facts\"} lines → {\"id\",\"title\",\"body\",\"steps\",\"engine\"} lines.",
        _ => "{\"id\",\"question\",\"asOf\"} lines → {\"id\",\"sql\",\"parameters\",\"explanation\",\"engine\"} lines.",
    };
}
