namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// A page a plugin adds to the hub's operator console: a menu entry and a view built on request. The plugin describes
/// what to show (<see cref="ConsoleView"/>); the hub renders it with the console's layout, escaping, language and
/// sign-in, so a plugin needs no web framework of its own. Served at <c>/p/{plugin id}/{Path}</c> (and
/// <c>/p/{plugin id}/{Path}/{id}</c> for a detail), only to signed-in principals holding <see cref="Scope"/>.
/// </summary>
/// <param name="Path">One URL segment, for example <c>work-orders</c>.</param>
/// <param name="Title">The menu entry and heading in English.</param>
/// <param name="TitleZh">The same in Chinese.</param>
/// <param name="Scope">The scope a principal needs to see the page.</param>
/// <param name="Render">Builds the view; null when the requested item does not exist (the console answers 404).</param>
public sealed record ConsolePage(
    string Path,
    string Title,
    string TitleZh,
    string Scope,
    Func<ConsolePageRequest, CancellationToken, Task<ConsoleView?>> Render)
{
    /// <summary>
    /// Serves the files the page's views name (<see cref="ConsoleGallery"/> images, <see cref="ConsoleDownloads"/>) by
    /// name, under the same sign-in and <see cref="Scope"/> as the page; null when the name is unknown (404). (1.2; an
    /// init property, not a constructor parameter, so plugins built against 1.1 keep binding.)
    /// </summary>
    public Func<ConsolePageRequest, string, CancellationToken, Task<ConsoleFile?>>? Files { get; init; }
}

/// <summary>A file a plugin page serves: its bytes and media type; with <paramref name="DownloadName"/> the browser saves it under that name.</summary>
public sealed record ConsoleFile(string ContentType, byte[] Content, string? DownloadName = null);

/// <param name="Id">The detail asked for (<c>/p/{plugin}/{path}/{id}</c>), or null for the page itself.</param>
/// <param name="Query">Query-string values (filters, paging).</param>
/// <param name="User">The signed-in principal.</param>
/// <param name="Services">The plugin's services.</param>
/// <param name="Chinese">True when the console shows Chinese, so the plugin picks its labels.</param>
public sealed record ConsolePageRequest(
    string? Id,
    IReadOnlyDictionary<string, string> Query,
    string User,
    IServiceProvider Services,
    bool Chinese)
{
    public string Text(string english, string chinese) => Chinese ? chinese : english;
}

/// <summary>What a plugin page shows: a title and blocks in order.</summary>
public sealed record ConsoleView(string Title, IReadOnlyList<ConsoleBlock> Blocks);

/// <summary>One part of a <see cref="ConsoleView"/>.</summary>
public abstract record ConsoleBlock;

/// <summary>A section heading.</summary>
public sealed record ConsoleHeading(string Text) : ConsoleBlock;

/// <summary>Label/value pairs (a detail's fields).</summary>
public sealed record ConsoleFields(IReadOnlyList<KeyValuePair<string, string>> Fields) : ConsoleBlock;

/// <summary>A table; a row with <see cref="ConsoleRow.Link"/> links to the page's detail of that id.</summary>
public sealed record ConsoleTable(IReadOnlyList<string> Columns, IReadOnlyList<ConsoleRow> Rows, string? Caption = null) : ConsoleBlock;

public sealed record ConsoleRow(IReadOnlyList<string> Cells, string? Link = null)
{
    /// <summary>Another page of the same plugin whose detail <see cref="Link"/> names; null: this page. (1.2)</summary>
    public string? LinkPage { get; init; }
}

/// <summary>The hub's outbox deliveries whose correlation key is <paramref name="CorrelationKey"/> (rendered by the hub).</summary>
public sealed record ConsoleDeliveries(string CorrelationKey) : ConsoleBlock;
