using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Perception.Engine;

namespace IntegrationHub.Perception.Training;

/// <summary>
/// Writes a trained logistic head as a small ONNX model on a features backbone's output (Flatten → L2 normalise →
/// Gemm → Softmax, opset and IR version of the backbone it is appended to) and the manifest that names the backbone.
/// </summary>
public static class ClassifierHead
{
    public const string OutputName = "head_probs";

    /// <param name="featureOutput">The backbone output the head reads (the backbone manifest's <c>output</c>).</param>
    /// <param name="dimensions">Its channel count.</param>
    public static byte[] Onnx(LogisticRegression head, string featureOutput, int dimensions)
    {
        var (w, b) = head.FoldedWeights();
        var gemm = new float[dimensions * 2];
        for (var j = 0; j < dimensions; j++)
        {
            gemm[j * 2] = w[j];
        }

        return new OnnxGraphWriter("head_")
            .Input(featureOutput, OnnxGraphWriter.Float, "N", dimensions, 1, 1)
            .FloatInit("head_weights", [dimensions, 2], gemm)
            .FloatInit("head_bias", [2], [b, 0f])
            .Node("Flatten", [featureOutput], ["head_flat"], "", OnnxGraphWriter.AttrInt("axis", 1))
            .Node("LpNormalization", ["head_flat"], ["head_unit"], "", OnnxGraphWriter.AttrInt("axis", 1), OnnxGraphWriter.AttrInt("p", 2))
            .Node("Gemm", ["head_unit", "head_weights", "head_bias"], ["head_logits"])
            .Node("Softmax", ["head_logits"], [OutputName], "", OnnxGraphWriter.AttrInt("axis", 1))
            .Output(OutputName, OnnxGraphWriter.Float, "N", 2)
            .Build(irVersion: 3, opset: 8, producer: "IntegrationHub.Perception.Training");
    }

    /// <summary>The manifest: task classify, the backbone by name, the head file with its sha256, labels positive first.</summary>
    public static JsonObject Manifest(
        string name, string backbone, string headFile, byte[] head, string[] labels, (int Width, int Height) tile, string description, JsonObject training) => new()
    {
        ["name"] = name,
        ["task"] = "classify",
        ["format"] = "head",
        ["description"] = description,
        ["backbone"] = backbone,
        ["files"] = new JsonObject
        {
            ["head"] = new JsonObject { ["file"] = headFile, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(head)) },
        },
        ["labels"] = new JsonArray([.. labels.Select(l => JsonValue.Create(l))]),
        ["output"] = OutputName,
        ["tile"] = new JsonObject { ["width"] = tile.Width, ["height"] = tile.Height },
        ["training"] = training.DeepClone(),
    };

    public static string Json(JsonObject manifest) => manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
