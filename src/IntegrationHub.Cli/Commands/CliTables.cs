using Spectre.Console;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// Tables that fit the terminal: columns marked not to wrap (ids, names, numbers, times) keep their width, the others
/// wrap at word boundaries in what is left; long texts are shortened (the <c>--json</c> form has them whole).
/// </summary>
public static class CliTables
{
    public static Table Create(params (string Header, bool Wraps)[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var (header, wraps) in columns)
        {
            var column = new TableColumn(header);
            if (!wraps)
            {
                column.NoWrap();
            }

            table.AddColumn(column);
        }

        return table;
    }

    public static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
