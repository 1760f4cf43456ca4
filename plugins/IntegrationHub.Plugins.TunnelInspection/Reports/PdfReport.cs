using IntegrationHub.Plugins.TunnelInspection.Defects;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace IntegrationHub.Plugins.TunnelInspection.Reports;

/// <summary>
/// The report as PDF with PDFsharp (MIT, 6.2.4): a summary page (header, counts by type and grade, new / grown /
/// repaired), the chainage strip chart, then the annotated photographs, four to a page. Text is set in the configured
/// TrueType font, embedded.
/// </summary>
public sealed class PdfReport(TunnelInspectionOptions options, StripChart chart, AnnotatedImages images)
{
    private const double Margin = 40;
    private static readonly Lock FontLock = new();

    public byte[] Render(ReportModel report)
    {
        EnsureFont(options.PdfFont);
        using var document = new PdfDocument();
        document.Info.Title = report.Title;
        var y = Summary(document, report);
        Chart(document, report, y);
        Photos(document, report);
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    private static double Summary(PdfDocument document, ReportModel report)
    {
        var (page, gfx) = NewPage(document);
        using var _ = gfx;
        var title = new XFont(FileFontResolver.Family, 16, XFontStyleEx.Bold);
        var text = new XFont(FileFontResolver.Family, 10);
        var y = Margin;
        gfx.DrawString(report.Title, title, XBrushes.Black, Margin, y += 16);
        y += 8;
        foreach (var line in report.Header)
        {
            gfx.DrawString(line, text, XBrushes.Black, Margin, y += 14);
        }

        gfx.DrawString("Defects by type and grade", title, XBrushes.Black, Margin, y += 30);
        foreach (var (type, grade, count) in report.Counts())
        {
            gfx.DrawString($"{type}  grade {grade}: {count}", text, XBrushes.Black, Margin + 10, y += 14);
        }

        foreach (var (name, defects) in new[] { ("New", report.New), ("Grown", report.Grown), ("Repaired and closed", report.Repaired) })
        {
            gfx.DrawString($"{name} ({defects.Count})", title, XBrushes.Black, Margin, y += 28);
            foreach (var d in defects.Take(20))
            {
                gfx.DrawString(ReportBuilder.Caption(d), text, XBrushes.Black, Margin + 10, y += 14);
            }
        }

        return page.Height.Point;
    }

    private void Chart(PdfDocument document, ReportModel report, double _)
    {
        var (page, gfx) = NewPage(document);
        using var __ = gfx;
        gfx.DrawString("Defects along the tunnel", new XFont(FileFontResolver.Family, 14, XFontStyleEx.Bold), XBrushes.Black, Margin, Margin + 14);
        using var png = new MemoryStream(chart.RenderPng("Defects by chainage", report.Defects));
        using var image = XImage.FromStream(png);
        var width = page.Width.Point - 2 * Margin;
        gfx.DrawImage(image, Margin, Margin + 30, width, width * image.PixelHeight / image.PixelWidth);
    }

    private void Photos(PdfDocument document, ReportModel report)
    {
        var caption = new XFont(FileFontResolver.Family, 8);
        var photos = ReportBuilder.Photos(report).ToList();
        for (var start = 0; start < photos.Count; start += 4)
        {
            var (page, gfx) = NewPage(document);
            using var _ = gfx;
            var cellWidth = (page.Width.Point - 3 * Margin) / 2;
            var cellHeight = (page.Height.Point - 3 * Margin) / 2;
            for (var i = 0; i < 4 && start + i < photos.Count; i++)
            {
                var defect = photos[start + i];
                if (images.RenderPng(defect) is not { } png)
                {
                    continue;
                }

                using var stream = new MemoryStream(png);
                using var image = XImage.FromStream(stream);
                var x = Margin + i % 2 * (cellWidth + Margin);
                var y = Margin + i / 2 * (cellHeight + Margin);
                var scale = Math.Min(cellWidth / image.PixelWidth, (cellHeight - 24) / image.PixelHeight);
                gfx.DrawImage(image, x, y, image.PixelWidth * scale, image.PixelHeight * scale);
                gfx.DrawString(ReportBuilder.Caption(defect), caption, XBrushes.Black, x, y + image.PixelHeight * scale + 12);
            }
        }
    }

    private static (PdfPage, XGraphics) NewPage(PdfDocument document)
    {
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        return (page, XGraphics.FromPdfPage(page));
    }

    private static void EnsureFont(string file)
    {
        lock (FontLock)
        {
            // PDFsharp takes one resolver per process, once. A reloaded plugin (or a second hub in the process) has its
            // own FileFontResolver type in its load context, so the check is by name: the first load's resolver serves.
            if (GlobalFontSettings.FontResolver?.GetType().FullName != typeof(FileFontResolver).FullName)
            {
                if (!File.Exists(file))
                {
                    throw new FileNotFoundException($"The PDF report's font (Plugins:TunnelInspection:PdfFont) is missing: {file}", file);
                }

                GlobalFontSettings.FontResolver = new FileFontResolver(File.ReadAllBytes(file));
            }
        }
    }

    /// <summary>One TrueType file for every face the report asks for (PDFsharp finds no system fonts on Linux by itself).</summary>
    private sealed class FileFontResolver(byte[] font) : IFontResolver
    {
        public const string Family = "Report";

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(Family, bold, italic);

        public byte[] GetFont(string faceName) => font;
    }
}
