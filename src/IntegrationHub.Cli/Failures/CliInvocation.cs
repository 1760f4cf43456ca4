using System.CommandLine;
using System.CommandLine.Invocation;

namespace IntegrationHub.Cli.Failures;

/// <summary>
/// Runs the <c>hub</c> command so that every failure ends as one line on stderr with what to do and a documented exit
/// code (<see cref="ExitCodes"/>); the exception and its stack trace only with <c>--verbose</c>.
/// </summary>
public static class CliInvocation
{
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        var verbose = new Option<bool>("--verbose") { Description = "On failure, print the exception and its stack trace too.", Recursive = true };
        root.Options.Add(verbose);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            await error.WriteLineAsync($"hub: {string.Join(" ", parse.Errors.Select(e => e.Message).Distinct())} Run '{CommandLine(parse)} --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            if (parse.GetValue(verbose))
            {
                await error.WriteLineAsync(e.ToString());
            }

            var failure = CliFailure.From(e);
            await error.WriteLineAsync($"hub: {failure.Message}");
            return failure.ExitCode;
        }
    }

    private static string CommandLine(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        names[0] = "hub";
        return string.Join(' ', names);
    }
}
