using SkiaSharp;

namespace IntegrationHub.Perception.Tests;

/// <summary>Images the tests render: text pages for OCR and small scenes for embeddings.</summary>
internal static class TestImages
{
    public static readonly string[] Lines =
    [
        "变电站巡检报告 2024年3月",
        "Substation inspection report",
        "主变压器油温正常",
        "Transformer oil temperature 65C",
        "线路编号 LN-220kV-017",
        "发现绝缘子破损一处",
        "Insulator damage found at tower 42",
        "请运维班组于三日内处理",
        "Work order WO-2024-00318",
        "隧道衬砌裂缝宽度0.3毫米",
        "Tunnel lining crack width 0.3mm",
        "施工单位中铁十二局",
        "Railway construction progress 85%",
        "基站告警 光模块温度过高",
        "Base station alarm optical module",
        "客户来电反映停电情况",
        "Customer reported power outage",
        "抢修人员已到达现场",
        "Repair crew arrived on site",
        "设备台账更新完成",
        "Asset register updated",
        "安全帽佩戴检查合格",
        "Safety helmet check passed",
        "电缆沟积水需要排除",
        "Cable trench water removal needed",
        "杭州市西湖区文三路100号",
        "Hangzhou Xihu District",
        "计划停电时间上午九点至下午五点",
        "Planned outage 09:00 to 17:00",
        "联系电话 13800138000",
        "Contact the dispatch center",
        "数据更新于2024年5月20日",
    ];

    public const int LineSpacing = 60;

    public static SKTypeface CjkTypeface(bool serif)
    {
        string[] candidates = serif
            ? ["/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
            : ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"];
        var path = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("No CJK font: install the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk).");

        // Index 2 of the Noto CJK collections is Simplified Chinese.
        return SKTypeface.FromFile(path, 2) ?? throw new InvalidOperationException("Cannot load " + path);
    }

    /// <summary>A page of lines; returns the PNG and, per line, the vertical centre of its band.</summary>
    public static (byte[] Png, float[] Centres) Page(IReadOnlyList<string> lines, int pageIndex)
    {
        const int width = 1000;
        var height = 40 + lines.Count * LineSpacing;
        using var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(pageIndex % 2 == 0 ? SKColors.White : new SKColor(245, 242, 230));
        using var sans = CjkTypeface(serif: false);
        using var serif = CjkTypeface(serif: true);
        var centres = new float[lines.Count];
        SKColor[] inks = [SKColors.Black, new SKColor(20, 40, 110), new SKColor(60, 60, 60)];
        for (var i = 0; i < lines.Count; i++)
        {
            var size = 26 + (i * 7 + pageIndex * 3) % 12;
            using var font = new SKFont((i + pageIndex) % 3 == 2 ? serif : sans, size);
            using var paint = new SKPaint { Color = inks[(i + pageIndex) % inks.Length], IsAntialias = true };
            var baseline = 20 + i * LineSpacing + LineSpacing * 0.7f;
            canvas.DrawText(lines[i], 24 + (i % 4) * 15, baseline, SKTextAlign.Left, font, paint);
            centres[i] = baseline - size * 0.35f;
        }

        canvas.Flush();
        return (PerceptionFixture.Png(bitmap), centres);
    }

    /// <summary>A small scene: <paramref name="kind"/> 0 a house under a sky, 1 discs on a field, 2 diagonal stripes.</summary>
    public static SKBitmap Scene(int kind)
    {
        var bitmap = new SKBitmap(320, 240);
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = true };
        switch (kind)
        {
            case 0:
                paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, 160), [new SKColor(90, 150, 230), new SKColor(200, 225, 250)], SKShaderTileMode.Clamp);
                canvas.DrawRect(0, 0, 320, 160, paint);
                paint.Shader = null;
                paint.Color = new SKColor(60, 140, 60);
                canvas.DrawRect(0, 160, 320, 80, paint);
                paint.Color = new SKColor(180, 80, 50);
                canvas.DrawRect(110, 100, 110, 90, paint);
                using (var roof = new SKPath())
                {
                    roof.MoveTo(100, 100);
                    roof.LineTo(165, 50);
                    roof.LineTo(230, 100);
                    roof.Close();
                    paint.Color = new SKColor(90, 40, 30);
                    canvas.DrawPath(roof, paint);
                }

                paint.Color = new SKColor(250, 220, 80);
                canvas.DrawCircle(270, 40, 22, paint);
                break;
            case 1:
                canvas.Clear(new SKColor(230, 200, 150));
                for (var i = 0; i < 12; i++)
                {
                    paint.Color = new SKColor((byte)(40 + i * 17), (byte)(200 - i * 13), (byte)(90 + i * 11));
                    canvas.DrawCircle(30 + (i % 4) * 85, 40 + (i / 4) * 80, 28, paint);
                }

                break;
            default:
                canvas.Clear(SKColors.White);
                paint.StrokeWidth = 14;
                paint.Color = new SKColor(30, 30, 30);
                for (var x = -240; x < 320; x += 36)
                {
                    canvas.DrawLine(x, 240, x + 240, 0, paint);
                }

                break;
        }

        canvas.Flush();
        return bitmap;
    }

    /// <summary>The same scene under a light change: brighter or darker, a little less contrast.</summary>
    public static SKBitmap Relit(SKBitmap source, float gain, float offset)
    {
        var result = new SKBitmap(source.Width, source.Height);
        using var canvas = new SKCanvas(result);
        float[] matrix =
        [
            gain, 0, 0, 0, offset,
            0, gain, 0, 0, offset,
            0, 0, gain, 0, offset,
            0, 0, 0, 1, 0,
        ];
        using var paint = new SKPaint { ColorFilter = SKColorFilter.CreateColorMatrix(matrix) };
        canvas.DrawBitmap(source, 0, 0, paint);
        canvas.Flush();
        return result;
    }
}
