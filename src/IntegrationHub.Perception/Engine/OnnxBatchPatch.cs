using System.Text;
using static IntegrationHub.Perception.Engine.ProtobufFields;

namespace IntegrationHub.Perception.Engine;

/// <summary>
/// Makes the batch dimension of a model exported with a fixed batch of 1 symbolic, in memory (the file on disk, and
/// its verified hash, stay as they are): the named input's and every output's first dimension become <c>N</c>, and the
/// intermediate shape annotations (value_info) are dropped so ONNX Runtime infers them again. Only valid for networks
/// that treat images independently (no reshape that hard-codes the batch); the manifest opts in with
/// <c>input.dynamicBatch</c>. Protobuf field numbers are onnx.proto's.
/// </summary>
internal static class OnnxBatchPatch
{
    private const int ModelGraph = 7;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    private const int GraphValueInfo = 13;

    public static byte[] MakeBatchDynamic(byte[] model, string inputName)
    {
        var top = Parse(model);
        for (var i = 0; i < top.Count; i++)
        {
            if (top[i].Number != ModelGraph)
            {
                continue;
            }

            var graph = Parse(top[i].Payload);
            var patched = new List<Field>(graph.Count);
            foreach (var f in graph)
            {
                if (f.Number == GraphValueInfo)
                {
                    continue;
                }

                patched.Add((f.Number == GraphInput && NameOf(f.Payload) == inputName) || f.Number == GraphOutput ? f with { Payload = PatchValueInfo(f.Payload) } : f);
            }

            top[i] = top[i] with { Payload = Write(patched) };
        }

        return Write(top);
    }

    private static string? NameOf(byte[] valueInfo) =>
        Parse(valueInfo).Where(f => f.Number == 1).Select(f => Encoding.UTF8.GetString(f.Payload)).FirstOrDefault();

    // ValueInfoProto.type(2) → TypeProto.tensor_type(1) → shape(2) → first dim(1) := { dim_param(2): "N" }
    private static byte[] PatchValueInfo(byte[] valueInfo) => Rewrite(valueInfo, 2, type => Rewrite(type, 1, tensor => Rewrite(tensor, 2, shape =>
    {
        var dims = Parse(shape);
        var first = dims.FindIndex(d => d.Number == 1);
        if (first >= 0)
        {
            dims[first] = dims[first] with { Payload = Write([new Field(2, 2, 0, Encoding.UTF8.GetBytes("N"))]) };
        }

        return Write(dims);
    })));

    private static byte[] Rewrite(byte[] message, int field, Func<byte[], byte[]> change)
    {
        var fields = Parse(message);
        var index = fields.FindIndex(f => f.Number == field && f.Wire == 2);
        if (index >= 0)
        {
            fields[index] = fields[index] with { Payload = change(fields[index].Payload) };
        }

        return Write(fields);
    }
}
