using static IntegrationHub.Perception.Engine.ProtobufFields;

namespace IntegrationHub.Perception.Engine;

/// <summary>
/// Runs a small trained head on a backbone's features as one ONNX graph. The head is an ONNX model of its own whose
/// input is named after the backbone output it reads. Protobuf concatenation merges messages: appending a serialized
/// ModelProto holding only graph{node, initializer, output} to the backbone's bytes adds the head's nodes, weights
/// and output to the backbone's graph, which keeps its own input, opset and IR version.
/// </summary>
internal static class OnnxHeadComposer
{
    private const int ModelGraph = 7;
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int GraphOutput = 12;

    public static byte[] Append(byte[] backbone, byte[] head)
    {
        var graphs = Parse(head).Where(f => f.Number == ModelGraph && f.Wire == 2).ToList();
        if (graphs.Count != 1)
        {
            throw new InvalidDataException("The head file is not an ONNX model with one graph.");
        }

        var fields = Parse(graphs[0].Payload);
        var kept = fields.Where(f => f.Number is GraphNode or GraphInitializer or GraphOutput).ToList();
        var extension = Write([new Field(ModelGraph, 2, 0, Write(kept))]);
        return [.. backbone, .. extension];
    }
}
