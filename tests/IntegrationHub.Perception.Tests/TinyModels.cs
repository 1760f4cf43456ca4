using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Perception.Engine;

namespace IntegrationHub.Perception.Tests;

/// <summary>Tiny ONNX models with known outputs, with their manifests, written into a models folder.</summary>
internal static class TinyModels
{
    public const int OmDetQueries = 900;
    public const int OmDetClasses = 80;
    public const int OmDetDim = 512;

    /// <summary>YOLO anchors: cx, cy, w, h, cat, dog (input pixels of a 64×64 letterboxed input).</summary>
    public static readonly float[][] Anchors =
    [
        [32, 32, 20, 10, 0.9f, 0.1f],
        [33, 32, 20, 10, 0.8f, 0.1f],
        [32, 32, 20, 10, 0.05f, 0.7f],
        [10, 40, 8, 8, 0.1f, 0.1f],
        [50, 40, 10, 6, 0.2f, 0.6f],
        [0, 0, 0, 0, 0, 0],
    ];

    public static void WriteAll(string folder)
    {
        // YOLOv8/v11 layout [1, 4+C, N]: attributes are rows.
        var n = Anchors.Length;
        var v8 = new float[6 * n];
        for (var a = 0; a < n; a++)
        {
            for (var k = 0; k < 6; k++)
            {
                v8[k * n + a] = Anchors[a][k];
            }
        }

        Write(folder, "tiny-yolov8", Constant("images", [1, 3, 64, 64], "output0", [1, 6, n], v8), Yolo("tiny-yolov8.onnx", 64, ["cat", "dog"]));

        // YOLOv5 layout [1, N, 5+C]: cx, cy, w, h, objectness, classes; one more empty anchor so that N ≠ 4+C.
        var v5 = new float[(n + 1) * 7];
        for (var a = 0; a < n; a++)
        {
            float[] row = [.. Anchors[a][..4], a == 3 ? 0.5f : 1f, .. Anchors[a][4..]];
            row.CopyTo(v5, a * 7);
        }

        Write(folder, "tiny-yolov5", Constant("images", [1, 3, 64, 64], "output", [1, n + 1, 7], v5), Yolo("tiny-yolov5.onnx", 64, ["cat", "dog"]));

        // Bad manifests over a good model: a declared input size the model does not have, and labels its output cannot hold.
        var wrongInput = Yolo("tiny-yolov8.onnx", 32, ["cat", "dog"]);
        Write(folder, "tiny-wrong-input", null, wrongInput);
        Write(folder, "tiny-wrong-labels", null, Yolo("tiny-yolov8.onnx", 64, ["cat", "dog", "bird"]));

        // A dynamic-batch classifier: per-channel mean of an 8×8 image, labels red/green/blue.
        var rgb = new OnnxGraphWriter()
            .Input("x", OnnxGraphWriter.Float, "N", 3, 8, 8)
            .Output("y", OnnxGraphWriter.Float, "N", 3)
            .Node("ReduceMean", ["x"], ["y"], "", OnnxGraphWriter.AttrInts("axes", 2, 3), OnnxGraphWriter.AttrInt("keepdims", 0))
            .Build();
        Write(folder, "tiny-rgb", rgb, Manifest("tiny-rgb.onnx", "classify", "imagenet", "x", [-1, 3, 8, 8], ["red", "green", "blue"], "stretch", 1f / 255, [0, 0, 0], [1, 1, 1]));

        WriteOmDet(folder);
    }

    /// <summary>The hash-mismatch case: a manifest whose sha256 is not the file's.</summary>
    public static void WriteBadHash(string folder)
    {
        var m = Yolo("tiny-yolov8.onnx", 64, ["cat", "dog"]);
        m["files"]!["model"]!["sha256"] = new string('0', 64);
        File.WriteAllText(Path.Combine(folder, "tiny-bad-hash.json"), m.ToJsonString());
    }

    private static void WriteOmDet(string folder)
    {
        // Text encoder: string → id (LabelEncoder) → one-hot row of an embedding table. person→dim 0, helmet→dim 10, crane→dim 20.
        var table = new float[4 * OmDetDim];
        table[0 * OmDetDim + 0] = 1;
        table[1 * OmDetDim + 10] = 1;
        table[2 * OmDetDim + 20] = 1;
        var encoder = new OnnxGraphWriter()
            .Input("text", OnnxGraphWriter.String, "N")
            .Output("pooled", OnnxGraphWriter.Float, "N", OmDetDim)
            .FloatInit("table", [4, OmDetDim], table)
            .Node("LabelEncoder", ["text"], ["ids"], "ai.onnx.ml",
                OnnxGraphWriter.AttrStrings("keys_strings", "person", "helmet", "crane"), OnnxGraphWriter.AttrInts("values_int64s", 0, 1, 2), OnnxGraphWriter.AttrInt("default_int64", 3))
            .Node("Gather", ["table", "ids"], ["pooled"], "", OnnxGraphWriter.AttrInt("axis", 0))
            .Build();
        File.WriteAllBytes(Path.Combine(folder, "tiny-omdet-text.onnx"), encoder);

        // Detector: logits[q, k] = Q[q] · label_feats[k] − 10, so a query answers the class whose embedding it matches.
        var q = new float[OmDetQueries * OmDetDim];
        q[0 * OmDetDim + 10] = 20;   // query 0: helmet, logit 10
        q[1 * OmDetDim + 10] = 18;   // query 1: helmet again, nearly the same box: suppressed by NMS
        q[2 * OmDetDim + 0] = 16;    // query 2: person, logit 6
        q[3 * OmDetDim + 20] = 20;   // query 3: crane, not asked for
        var boxes = new float[OmDetQueries * 4];
        for (var i = 0; i < OmDetQueries; i++)
        {
            float[] box = i switch { 0 => [0.25f, 0.25f, 0.2f, 0.2f], 1 => [0.26f, 0.25f, 0.2f, 0.2f], 2 => [0.7f, 0.6f, 0.2f, 0.4f], _ => [0.5f, 0.5f, 0.1f, 0.1f] };
            box.CopyTo(boxes, i * 4);
        }

        var detector = new OnnxGraphWriter()
            .Input("img_tensor", OnnxGraphWriter.Float, 1, 3, 640, 640)
            .Input("label_feats", OnnxGraphWriter.Float, OmDetClasses, 1, OmDetDim)
            .Input("task_feats", OnnxGraphWriter.Float, 77, 1, OmDetDim)
            .Input("task_mask", OnnxGraphWriter.Int64, 1, 77)
            .Output("boxes", OnnxGraphWriter.Float, 1, 1, OmDetQueries, 4)
            .Output("logits", OnnxGraphWriter.Float, 1, 1, OmDetQueries, OmDetClasses)
            .FloatInit("q", [OmDetQueries, OmDetDim], q)
            .FloatInit("box_const", [1, 1, OmDetQueries, 4], boxes)
            .FloatInit("bias", [1], [-10f])
            .Int64Init("shape_lk", [2], [OmDetClasses, OmDetDim])
            .Int64Init("shape_out", [4], [1, 1, OmDetQueries, OmDetClasses])
            .Node("Reshape", ["label_feats", "shape_lk"], ["lk"])
            .Node("Transpose", ["lk"], ["lkt"], "", OnnxGraphWriter.AttrInts("perm", 1, 0))
            .Node("MatMul", ["q", "lkt"], ["qk"])
            .Node("Add", ["qk", "bias"], ["qkb"])
            .Node("Reshape", ["qkb", "shape_out"], ["logits"])
            .Node("Identity", ["box_const"], ["boxes"])
            .Build();
        var manifest = Manifest("tiny-omdet.onnx", "detect", "omdet", "img_tensor", [1, 3, 640, 640], [], "stretch", 1f, [123.675f, 116.28f, 103.53f], [58.395f, 57.12f, 57.375f]);
        manifest["files"]!["textEncoder"] = new JsonObject { ["file"] = "tiny-omdet-text.onnx", ["sha256"] = Sha(encoder) };
        manifest["textEncoder"] = new JsonObject { ["input"] = "text", ["pooled"] = "pooled", ["tokens"] = null, ["mask"] = null };
        manifest["thresholds"] = new JsonObject { ["score"] = 0.3, ["iou"] = 0.5, ["topK"] = 100, ["maxDetections"] = 100 };
        Write(folder, "tiny-omdet", detector, manifest);
    }

    private static byte[] Constant(string input, long[] inputShape, string output, long[] shape, float[] values) =>
        new OnnxGraphWriter()
            .Input(input, OnnxGraphWriter.Float, [.. inputShape.Cast<object>()])
            .Output(output, OnnxGraphWriter.Float, [.. shape.Cast<object>()])
            .FloatInit("k", shape, values)
            .Node("Identity", ["k"], [output])
            .Build();

    private static JsonObject Yolo(string file, int size, string[] labels) =>
        Manifest(file, "detect", "yolo", "images", [1, 3, size, size], labels, "letterbox", 1f / 255, [0, 0, 0], [1, 1, 1]);

    private static JsonObject Manifest(string file, string task, string format, string input, long[] shape, string[] labels, string resize, float scale, float[] mean, float[] std) => new()
    {
        ["task"] = task,
        ["format"] = format,
        ["files"] = new JsonObject { ["model"] = new JsonObject { ["file"] = file } },
        ["input"] = new JsonObject { ["name"] = input, ["shape"] = JsonSerializer.SerializeToNode(shape), ["resize"] = resize },
        ["normalization"] = new JsonObject { ["scale"] = scale, ["mean"] = JsonSerializer.SerializeToNode(mean), ["std"] = JsonSerializer.SerializeToNode(std) },
        ["labels"] = JsonSerializer.SerializeToNode(labels),
        ["thresholds"] = new JsonObject { ["score"] = 0.25, ["iou"] = 0.45 },
        ["licence"] = "test",
    };

    private static void Write(string folder, string name, byte[]? model, JsonObject manifest)
    {
        manifest["name"] = name;
        if (model is not null)
        {
            var file = manifest["files"]!["model"]!["file"]!.GetValue<string>();
            File.WriteAllBytes(Path.Combine(folder, file), model);
            manifest["files"]!["model"]!["sha256"] = Sha(model);
        }

        File.WriteAllText(Path.Combine(folder, name + ".json"), manifest.ToJsonString());
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
