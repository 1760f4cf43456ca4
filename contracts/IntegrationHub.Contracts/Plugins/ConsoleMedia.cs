namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// Images the page serves (<see cref="ConsolePage.Files"/>), shown as a gallery of captioned figures. The console
/// points each <c>img</c> at the page's file handler; a plugin never writes a URL or markup: every link of these
/// blocks names a page of the same plugin and a detail id, and the console builds and escapes the URL.
/// </summary>
public sealed record ConsoleGallery(IReadOnlyList<ConsoleFigure> Figures) : ConsoleBlock;

/// <param name="File">The name <see cref="ConsolePage.Files"/> serves the image under.</param>
/// <param name="Alt">The image's text alternative.</param>
/// <param name="Link">A detail id the figure links to, or null.</param>
/// <param name="LinkPage">The page of that detail when it is another page of the same plugin; null: this page.</param>
public sealed record ConsoleFigure(string File, string Alt, string Caption, string? Link = null, string? LinkPage = null);

/// <summary>Files to download from the page (<see cref="ConsolePage.Files"/>): reports, exports.</summary>
public sealed record ConsoleDownloads(IReadOnlyList<ConsoleDownload> Files) : ConsoleBlock;

public sealed record ConsoleDownload(string Text, string File);

/// <summary>Links to the same page (or one of its details) with other query values: filters, paging.</summary>
/// <param name="Label">What the links choose (for example "Kind"), or null.</param>
public sealed record ConsoleLinks(IReadOnlyList<ConsoleLink> Links, string? Label = null) : ConsoleBlock;

/// <param name="Id">A detail of the page, or null for the page itself.</param>
/// <param name="Current">The link the page shows now (marked, not followed).</param>
/// <param name="Page">Another page of the same plugin; null: this page.</param>
public sealed record ConsoleLink(string Text, IReadOnlyDictionary<string, string> Query, string? Id = null, bool Current = false, string? Page = null);

/// <summary>
/// A strip chart the console draws (SVG): marks at positions along one axis, in lanes, coloured by an ordered
/// category (the first light, the last dark), each with a label and optionally a link to a detail of the page. Things
/// along a line, a route or a time span: where they are and how bad.
/// </summary>
/// <param name="From">The axis' start (same unit as the marks).</param>
/// <param name="To">The axis' end.</param>
/// <param name="Lanes">Row names, top to bottom; a mark in a lane not listed is not drawn.</param>
/// <param name="Categories">Legend entries in order of severity; a mark's <see cref="ConsoleStripMark.Category"/> indexes it.</param>
/// <param name="Ticks">Axis labels the plugin formats (its own units); null: the console labels plain numbers.</param>
public sealed record ConsoleStrip(
    string Caption,
    double From,
    double To,
    IReadOnlyList<string> Lanes,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ConsoleStripMark> Marks,
    IReadOnlyList<ConsoleStripTick>? Ticks = null) : ConsoleBlock;

/// <param name="Until">The mark's end when it spans a stretch, or null for a point.</param>
/// <param name="Link">A detail id the mark links to, or null.</param>
/// <param name="LinkPage">The page of that detail when it is another page of the same plugin; null: this page.</param>
public sealed record ConsoleStripMark(double At, string Lane, int Category, string Label, string? Link = null, double? Until = null, string? LinkPage = null);

public sealed record ConsoleStripTick(double At, string Label);
