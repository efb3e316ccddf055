using Google.Protobuf;
using Onnx;

namespace SegmentS2.Testing.Models;

/// <summary>Builds an ONNX graph node by node with generated names; constants become initializers.</summary>
internal sealed class OnnxGraphWriter(string graphName)
{
    private int counter;

    public GraphProto Graph { get; } = new() { Name = graphName };

    public static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    public static TensorShapeProto.Types.Dimension Dim(string symbol) => new() { DimParam = symbol };

    public void Input(string name, params TensorShapeProto.Types.Dimension[] dims) => Graph.Input.Add(ValueInfo(name, dims));

    public void Output(string name, params TensorShapeProto.Types.Dimension[] dims) => Graph.Output.Add(ValueInfo(name, dims));

    public string Floats(float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = NextName("const"), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string Scalar(float value) => Floats([value]);

    public string Int64s(long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = NextName("const"), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a float initializer stored as raw little-endian bytes (inline, or external when the caller moves it).</summary>
    public TensorProto RawFloats(string name, float[] values, params long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return tensor;
    }

    /// <summary>Adds a node and returns its single output's name.</summary>
    public string Op(string opType, string[] inputs, params AttributeProto[] attributes) => OpNamed(opType, NextName(opType), inputs, attributes);

    /// <summary>Adds a node whose single output has the given name (a graph output).</summary>
    public string OpNamed(string opType, string output, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = NextName(opType + "_node") };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static ValueInfoProto ValueInfo(string name, TensorShapeProto.Types.Dimension[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private string NextName(string prefix) => $"{prefix}_{counter++}";
}
