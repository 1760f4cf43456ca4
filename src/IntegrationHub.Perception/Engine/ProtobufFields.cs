namespace IntegrationHub.Perception.Engine;

/// <summary>
/// A protobuf message as its top-level fields, read and written back unchanged: enough to edit an ONNX model's
/// graph in memory (<see cref="OnnxBatchPatch"/>, <see cref="OnnxHeadComposer"/>) without a generated onnx.proto.
/// </summary>
internal static class ProtobufFields
{
    public readonly record struct Field(int Number, int Wire, ulong Value, byte[] Payload);

    public static List<Field> Parse(ReadOnlySpan<byte> bytes)
    {
        var fields = new List<Field>();
        var i = 0;
        while (i < bytes.Length)
        {
            var key = Varint(bytes, ref i);
            var (number, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0:
                    fields.Add(new Field(number, wire, Varint(bytes, ref i), []));
                    break;
                case 1:
                    fields.Add(new Field(number, wire, 0, bytes.Slice(i, 8).ToArray()));
                    i += 8;
                    break;
                case 2:
                    var length = (int)Varint(bytes, ref i);
                    fields.Add(new Field(number, wire, 0, bytes.Slice(i, length).ToArray()));
                    i += length;
                    break;
                case 5:
                    fields.Add(new Field(number, wire, 0, bytes.Slice(i, 4).ToArray()));
                    i += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wire}.");
            }
        }

        return fields;
    }

    public static byte[] Write(List<Field> fields)
    {
        using var stream = new MemoryStream();
        foreach (var f in fields)
        {
            WriteVarint(stream, ((ulong)f.Number << 3) | (uint)f.Wire);
            switch (f.Wire)
            {
                case 0:
                    WriteVarint(stream, f.Value);
                    break;
                case 2:
                    WriteVarint(stream, (ulong)f.Payload.Length);
                    stream.Write(f.Payload);
                    break;
                default:
                    stream.Write(f.Payload);
                    break;
            }
        }

        return stream.ToArray();
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int i)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[i++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
