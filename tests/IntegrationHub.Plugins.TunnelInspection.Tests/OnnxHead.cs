using System.Text;

namespace IntegrationHub.Plugins.TunnelInspection.Tests;

/// <summary>
/// Puts a linear classifier head on the ResNet18 features ONNX model: the model's bytes followed by one more
/// GraphProto (field 7), which protobuf merges into the model's graph (repeated nodes, initialisers and outputs are
/// appended). Head: Flatten → LpNormalization (the features the head was fitted on are L2-normalised, as the embed
/// task returns them) → MatMul → Add → <see cref="Output"/> (logits; the worker's decoder makes probabilities).
/// </summary>
public static class OnnxHead
{
    public const string Output = "crack_logits";

    public static byte[] Attach(byte[] backbone, string featureOutput, float[,] weights, float[] bias)
    {
        int features = weights.GetLength(0), classes = weights.GetLength(1);
        var w = new float[features * classes];
        Buffer.BlockCopy(weights, 0, w, 0, w.Length * 4);
        var graph = new Pb();
        graph.Bytes(1, Node("Flatten", [featureOutput], ["head_flat"], Attr("axis", 1)));
        graph.Bytes(1, Node("LpNormalization", ["head_flat"], ["head_norm"], Attr("axis", 1), Attr("p", 2)));
        graph.Bytes(1, Node("MatMul", ["head_norm", "head_w"], ["head_mm"]));
        graph.Bytes(1, Node("Add", ["head_mm", "head_b"], [Output]));
        graph.Bytes(5, Tensor("head_w", [features, classes], w));
        graph.Bytes(5, Tensor("head_b", [classes], bias));
        graph.Bytes(12, ValueInfo(Output, "N", classes));
        var model = new Pb();
        model.Bytes(7, graph.ToArray());
        return [.. backbone, .. model.ToArray()];
    }

    private static byte[] Node(string op, string[] inputs, string[] outputs, params byte[][] attributes)
    {
        var n = new Pb();
        foreach (var i in inputs)
        {
            n.Str(1, i);
        }

        foreach (var o in outputs)
        {
            n.Str(2, o);
        }

        n.Str(3, "head_" + op);
        n.Str(4, op);
        foreach (var a in attributes)
        {
            n.Bytes(5, a);
        }

        return n.ToArray();
    }

    private static byte[] Attr(string name, long value)
    {
        var a = new Pb();
        a.Str(1, name);
        a.Int(3, value);
        a.Int(20, 2); // INT
        return a.ToArray();
    }

    private static byte[] Tensor(string name, long[] dims, float[] values)
    {
        var t = new Pb();
        foreach (var d in dims)
        {
            t.Int(1, d);
        }

        t.Int(2, 1); // FLOAT
        t.Str(8, name);
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        t.Bytes(9, raw);
        return t.ToArray();
    }

    private static byte[] ValueInfo(string name, string batch, long classes)
    {
        var shape = new Pb();
        var n = new Pb();
        n.Str(2, batch);
        shape.Bytes(1, n.ToArray());
        var c = new Pb();
        c.Int(1, classes);
        shape.Bytes(1, c.ToArray());
        var tensor = new Pb();
        tensor.Int(1, 1);
        tensor.Bytes(2, shape.ToArray());
        var type = new Pb();
        type.Bytes(1, tensor.ToArray());
        var info = new Pb();
        info.Str(1, name);
        info.Bytes(2, type.ToArray());
        return info.ToArray();
    }

    /// <summary>The protobuf wire format, only what ONNX's messages above need.</summary>
    private sealed class Pb
    {
        private readonly MemoryStream stream = new();

        public void Int(int field, long value)
        {
            Varint((ulong)(field << 3));
            Varint((ulong)value);
        }

        public void Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Bytes(int field, byte[] value)
        {
            Varint((ulong)((field << 3) | 2));
            Varint((ulong)value.Length);
            stream.Write(value);
        }

        public byte[] ToArray() => stream.ToArray();

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            stream.WriteByte((byte)value);
        }
    }
}
