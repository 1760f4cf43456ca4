using System.Text;

namespace IntegrationHub.Perception.Engine;

/// <summary>
/// Writes small ONNX models (protobuf by hand: only the fields used here): the trained heads that run on a backbone's
/// features, and the tests' graphs with known _outputs. Field numbers are those of onnx.proto.
/// </summary>
public sealed class OnnxGraphWriter(string nodePrefix = "")
{
    public const int Float = 1;
    public const int Int64 = 7;
    public const int String = 8;

    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];
    private bool _usesMl;

    public OnnxGraphWriter Input(string name, int elemType, params object[] dims)
    {
        _inputs.Add(ValueInfo(name, elemType, dims));
        return this;
    }

    public OnnxGraphWriter Output(string name, int elemType, params object[] dims)
    {
        _outputs.Add(ValueInfo(name, elemType, dims));
        return this;
    }

    public OnnxGraphWriter FloatInit(string name, long[] dims, float[] values)
    {
        _initializers.Add(Tensor(name, dims, values));
        return this;
    }

    public OnnxGraphWriter Int64Init(string name, long[] dims, long[] values)
    {
        var w = new Pb();
        foreach (var d in dims)
        {
            w.Int(1, d);
        }

        w.Int(2, Int64);
        w.Packed(7, values);
        w.Str(8, name);
        _initializers.Add(w.ToArray());
        return this;
    }

    public OnnxGraphWriter Node(string op, string[] ins, string[] outs, string domain = "", params byte[][] attributes)
    {
        var w = new Pb();
        foreach (var i in ins)
        {
            w.Str(1, i);
        }

        foreach (var o in outs)
        {
            w.Str(2, o);
        }

        w.Str(3, nodePrefix + op + "_" + _nodes.Count);
        w.Str(4, op);
        foreach (var a in attributes)
        {
            w.Bytes(5, a);
        }

        if (domain.Length > 0)
        {
            w.Str(7, domain);
            _usesMl = true;
        }

        _nodes.Add(w.ToArray());
        return this;
    }

    public static byte[] AttrInts(string name, params long[] values)
    {
        var w = new Pb();
        w.Str(1, name);
        foreach (var v in values)
        {
            w.Int(8, v);
        }

        w.Int(20, 7);
        return w.ToArray();
    }

    public static byte[] AttrInt(string name, long value)
    {
        var w = new Pb();
        w.Str(1, name);
        w.Int(3, value);
        w.Int(20, 2);
        return w.ToArray();
    }

    public static byte[] AttrStrings(string name, params string[] values)
    {
        var w = new Pb();
        w.Str(1, name);
        foreach (var v in values)
        {
            w.Str(9, v);
        }

        w.Int(20, 8);
        return w.ToArray();
    }

    /// <summary>The model file; <paramref name="irVersion"/> and <paramref name="opset"/> match the graph this one runs beside.</summary>
    public byte[] Build(long irVersion = 8, long opset = 13, string producer = "IntegrationHub.Perception")
    {
        var graph = new Pb();
        _nodes.ForEach(n => graph.Bytes(1, n));
        graph.Str(2, "tiny");
        _initializers.ForEach(i => graph.Bytes(5, i));
        _inputs.ForEach(i => graph.Bytes(11, i));
        _outputs.ForEach(o => graph.Bytes(12, o));

        var model = new Pb();
        model.Int(1, irVersion);
        model.Str(2, producer);
        model.Bytes(7, graph.ToArray());
        var onnxOpset = new Pb();
        onnxOpset.Str(1, "");
        onnxOpset.Int(2, opset);
        model.Bytes(8, onnxOpset.ToArray());
        if (_usesMl)
        {
            var ml = new Pb();
            ml.Str(1, "ai.onnx.ml");
            ml.Int(2, 2);
            model.Bytes(8, ml.ToArray());
        }

        return model.ToArray();
    }

    private static byte[] Tensor(string name, long[] dims, float[] values)
    {
        var w = new Pb();
        foreach (var d in dims)
        {
            w.Int(1, d);
        }

        w.Int(2, Float);
        w.Str(8, name);
        var raw = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        w.Bytes(9, raw);
        return w.ToArray();
    }

    private static byte[] ValueInfo(string name, int elemType, object[] dims)
    {
        var shape = new Pb();
        foreach (var d in dims)
        {
            var dim = new Pb();
            if (d is string param)
            {
                dim.Str(2, param);
            }
            else
            {
                dim.Int(1, Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture));
            }

            shape.Bytes(1, dim.ToArray());
        }

        var tensor = new Pb();
        tensor.Int(1, elemType);
        tensor.Bytes(2, shape.ToArray());
        var type = new Pb();
        type.Bytes(1, tensor.ToArray());
        var info = new Pb();
        info.Str(1, name);
        info.Bytes(2, type.ToArray());
        return info.ToArray();
    }

    private sealed class Pb
    {
        private readonly MemoryStream _stream = new();

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
            _stream.Write(value);
        }

        public void Packed(int field, long[] values)
        {
            var inner = new Pb();
            foreach (var v in values)
            {
                inner.Varint((ulong)v);
            }

            Bytes(field, inner.ToArray());
        }

        public byte[] ToArray() => _stream.ToArray();

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _stream.WriteByte((byte)value);
        }
    }
}
