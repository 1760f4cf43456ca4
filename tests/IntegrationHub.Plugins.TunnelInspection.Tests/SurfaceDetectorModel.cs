using System.Security.Cryptography;
using System.Text.Json.Nodes;
using W = IntegrationHub.Perception.Engine.OnnxGraphWriter;

namespace IntegrationHub.Plugins.TunnelInspection.Tests;

/// <summary>
/// A small open-vocabulary detector in the OmDet-Turbo layout the perception worker runs (image, label and prompt
/// features in; boxes <c>[1,1,Q,4]</c> and logits <c>[1,1,Q,K]</c> out), built here so the plugin's detector path runs
/// end to end on a real ONNX graph. It looks at the photo in 16×16 cells: query 0 boxes the dark, smooth cells (a wet
/// stain), query 1 the cells of strong fine texture (a spall); its text encoder knows the class names
/// <see cref="Leakage"/> and <see cref="Spalling"/>, and a query answers the class whose embedding it matches.
/// Written with the repository's manifests into a models folder of the test's own.
/// </summary>
public static class SurfaceDetectorModel
{
    public const string Name = "tiny-surface-omdet";
    public const string Leakage = "water leakage";
    public const string Spalling = "spalling";
    private const int Side = 128;
    private const int Cells = 16;
    private const int Dim = 3;

    /// <summary>A models folder holding the repository's manifests (the crack classifier's files stay in <c>models/cache</c>) and this detector.</summary>
    public static string WriteModelsFolder(string repositoryModels, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(repositoryModels).Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".onnx", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        var encoder = TextEncoder();
        var detector = Detector();
        File.WriteAllBytes(Path.Combine(folder, Name + "-text.onnx"), encoder);
        File.WriteAllBytes(Path.Combine(folder, Name + ".onnx"), detector);
        var manifest = new JsonObject
        {
            ["name"] = Name,
            ["task"] = "detect",
            ["format"] = "omdet",
            ["files"] = new JsonObject
            {
                ["model"] = new JsonObject { ["file"] = Name + ".onnx", ["sha256"] = Sha(detector) },
                ["textEncoder"] = new JsonObject { ["file"] = Name + "-text.onnx", ["sha256"] = Sha(encoder) },
            },
            ["input"] = new JsonObject { ["name"] = "img_tensor", ["shape"] = new JsonArray(1, 3, Side, Side), ["resize"] = "stretch" },
            ["normalization"] = new JsonObject { ["scale"] = 1f / 255, ["mean"] = new JsonArray(0, 0, 0), ["std"] = new JsonArray(1, 1, 1) },
            ["labels"] = new JsonArray(),
            ["textEncoder"] = new JsonObject { ["input"] = "text", ["pooled"] = "pooled", ["tokens"] = null, ["mask"] = null },
            ["thresholds"] = new JsonObject { ["score"] = 0.3, ["iou"] = 0.5, ["topK"] = 10, ["maxDetections"] = 10 },
            ["licence"] = "test",
        };
        File.WriteAllText(Path.Combine(folder, Name + ".json"), manifest.ToJsonString());
        return folder;
    }

    /// <summary>Class name → embedding: leakage (1,0,0), spalling (0,1,0), anything else (0,0,−10), which no query answers.</summary>
    private static byte[] TextEncoder() =>
        new W()
            .Input("text", W.String, "N")
            .Output("pooled", W.Float, "N", Dim)
            .FloatInit("table", [3, Dim], [1, 0, 0, 0, 1, 0, 0, 0, -10])
            .Node("LabelEncoder", ["text"], ["ids"], "ai.onnx.ml",
                W.AttrStrings("keys_strings", Leakage, Spalling), W.AttrInts("values_int64s", 0, 1), W.AttrInt("default_int64", 2))
            .Node("Gather", ["table", "ids"], ["pooled"], "", W.AttrInt("axis", 0))
            .Build();

    private static byte[] Detector()
    {
        var cols = new float[Cells * Cells];
        var rows = new float[Cells * Cells];
        for (var i = 0; i < cols.Length; i++)
        {
            (cols[i], rows[i]) = (i % Cells, i / Cells);
        }

        long[] grid = [1, 1, Cells, Cells];
        var g = new W()
            .Input("img_tensor", W.Float, 1, 3, Side, Side)
            .Input("label_feats", W.Float, "K", 1, Dim)
            .Input("task_feats", W.Float, 77, 1, Dim)
            .Input("task_mask", W.Int64, 1, 77)
            .Output("boxes", W.Float, 1, 1, 2, 4)
            .Output("logits", W.Float, 1, 1, 2, "K")
            .FloatInit("cols", grid, cols).FloatInit("rows", grid, rows)
            .FloatInit("cols1", grid, [.. cols.Select(c => c + 1)]).FloatInit("rows1", grid, [.. rows.Select(r => r + 1)])
            .FloatInit("big", [1], [Cells]).FloatInit("zero", [1], [0]).FloatInit("half_cell", [1], [0.5f / Cells]).FloatInit("per_cell", [1], [1f / Cells])
            .FloatInit("dark_level", [1], [0.45f]).FloatInit("dark_gain", [1], [40]).FloatInit("rough_penalty", [1], [1000])
            .FloatInit("texture_level", [1], [0.015f]).FloatInit("texture_gain", [1], [500])
            .FloatInit("minus20", [1], [-20]).FloatInit("one", [1], [1])
            .Int64Init("shape1", [1], [1]).Int64Init("shape_f", [2], [2, Dim]).Int64Init("shape_l", [2], [-1, Dim])
            .Int64Init("shape_boxes", [4], [1, 1, 2, 4]).Int64Init("shape_logits", [4], [1, 1, 2, -1])
            // Grey, its cell means, and the cell means of its fine detail (the photo less its 3×3 blur, squared).
            .Node("ReduceMean", ["img_tensor"], ["gray"], "", W.AttrInts("axes", 1), W.AttrInt("keepdims", 1))
            .Node("AveragePool", ["gray"], ["mean"], "", W.AttrInts("kernel_shape", 8, 8), W.AttrInts("strides", 8, 8))
            .Node("AveragePool", ["gray"], ["blur"], "", W.AttrInts("kernel_shape", 3, 3), W.AttrInts("strides", 1, 1), W.AttrInts("pads", 1, 1, 1, 1))
            .Node("Sub", ["gray", "blur"], ["detail"])
            .Node("Mul", ["detail", "detail"], ["detail2"])
            .Node("AveragePool", ["detail2"], ["texture"], "", W.AttrInts("kernel_shape", 8, 8), W.AttrInts("strides", 8, 8))
            // Stain evidence: darker than the level and smooth; spall evidence: fine texture above its level.
            .Node("Sub", ["dark_level", "mean"], ["dark0"])
            .Node("Mul", ["dark0", "dark_gain"], ["dark1"])
            .Node("Mul", ["texture", "rough_penalty"], ["rough"])
            .Node("Sub", ["dark1", "rough"], ["stain"])
            .Node("Sub", ["texture", "texture_level"], ["tex0"])
            .Node("Mul", ["tex0", "texture_gain"], ["spall"]);
        Region(g, "stain");
        Region(g, "spall");
        return g
            .Node("Concat", ["stain_box", "spall_box"], ["boxes8"], "", W.AttrInt("axis", 0))
            .Node("Reshape", ["boxes8", "shape_boxes"], ["boxes"])
            // Query features (stain score, spall score, 1) dotted with each class's embedding.
            .Node("Concat", ["stain_score", "minus20", "one", "minus20", "spall_score", "one"], ["f6"], "", W.AttrInt("axis", 0))
            .Node("Reshape", ["f6", "shape_f"], ["features"])
            .Node("Reshape", ["label_feats", "shape_l"], ["labels2"])
            .Node("Transpose", ["labels2"], ["labels_t"], "", W.AttrInts("perm", 1, 0))
            .Node("MatMul", ["features", "labels_t"], ["scores"])
            .Node("Reshape", ["scores", "shape_logits"], ["logits"])
            .Build();
    }

    /// <summary>The box (normalised cx, cy, w, h) around the cells where <paramref name="evidence"/> is positive, and its strongest cell as the score.</summary>
    private static void Region(W g, string evidence)
    {
        g.Node("Greater", [evidence, "zero"], [evidence + "_in"]);
        foreach (var (axis, lo, hi) in new[] { ("x", "cols", "cols1"), ("y", "rows", "rows1") })
        {
            g.Node("Where", [evidence + "_in", lo, "big"], [$"{evidence}_{axis}lo"])
                .Node("ReduceMin", [$"{evidence}_{axis}lo"], [$"{evidence}_{axis}min4"], "", W.AttrInt("keepdims", 1))
                .Node("Reshape", [$"{evidence}_{axis}min4", "shape1"], [$"{evidence}_{axis}min"])
                .Node("Where", [evidence + "_in", hi, "zero"], [$"{evidence}_{axis}hi"])
                .Node("ReduceMax", [$"{evidence}_{axis}hi"], [$"{evidence}_{axis}max4"], "", W.AttrInt("keepdims", 1))
                .Node("Reshape", [$"{evidence}_{axis}max4", "shape1"], [$"{evidence}_{axis}max"])
                .Node("Add", [$"{evidence}_{axis}min", $"{evidence}_{axis}max"], [$"{evidence}_{axis}sum"])
                .Node("Mul", [$"{evidence}_{axis}sum", "half_cell"], [$"{evidence}_c{axis}"])
                .Node("Sub", [$"{evidence}_{axis}max", $"{evidence}_{axis}min"], [$"{evidence}_{axis}span"])
                .Node("Mul", [$"{evidence}_{axis}span", "per_cell"], [$"{evidence}_{axis}size"]);
        }

        g.Node("Concat", [evidence + "_cx", evidence + "_cy", evidence + "_xsize", evidence + "_ysize"], [evidence + "_box"], "", W.AttrInt("axis", 0))
            .Node("ReduceMax", [evidence], [evidence + "_score4"], "", W.AttrInt("keepdims", 1))
            .Node("Reshape", [evidence + "_score4", "shape1"], [evidence + "_score"]);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
