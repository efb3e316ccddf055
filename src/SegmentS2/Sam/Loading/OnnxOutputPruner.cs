using System.Text;

namespace SegmentS2.Sam.Loading;

/// <summary>
/// Rewrites an ONNX model without one of its graph outputs and without the nodes and initializers only that output
/// needed. ONNX Runtime computes every node of a graph on every run, whichever outputs are asked for, so this is how a
/// decoder stops paying for SAM's full-size <c>masks</c> when only <c>low_res_masks</c> is read. Works on the protobuf
/// wire format: every kept field is copied byte for byte.
/// </summary>
internal static class OnnxOutputPruner
{
    private const int ModelGraph = 7;
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeAttribute = 5;
    private const int AttributeGraph = 6;
    private const int AttributeGraphs = 11;
    private const int TensorName = 8;
    private const int ValueInfoName = 1;

    /// <summary>
    /// The model without output <paramref name="output"/> and what only it needed; null when the model does not have that
    /// output, has a node with a subgraph (whose outer-scope reads this pass does not follow) or is not well formed.
    /// </summary>
    public static byte[]? Prune(ReadOnlySpan<byte> model, string output)
    {
        try
        {
            return PruneOrThrow(model, output);
        }
        catch (OnnxModelFormatException)
        {
            return null;
        }
    }

    private static byte[]? PruneOrThrow(ReadOnlySpan<byte> model, string output)
    {
        var modelFields = Fields(model);
        var graphFields = modelFields.FindAll(f => f.Number == ModelGraph);
        if (graphFields.Count != 1 || graphFields[0].WireType != 2)
        {
            return null;
        }

        var graphField = graphFields[0];
        var graph = model.Slice(graphField.ValueStart, graphField.ValueLength);
        var fields = Fields(graph);
        // Liveness, from the kept outputs back through the nodes (a graph's nodes are in topological order).
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var found = false;
        foreach (var f in fields)
        {
            // An initializer that is also a graph input (IR 3) stays: dropping it would make that input required.
            if (f.Number == GraphInput && StringField(graph.Slice(f.ValueStart, f.ValueLength), ValueInfoName) is { } input)
            {
                needed.Add(input);
            }

            if (f.Number == GraphOutput && StringField(graph.Slice(f.ValueStart, f.ValueLength), ValueInfoName) is { } name)
            {
                found |= name == output;
                if (name != output)
                {
                    needed.Add(name);
                }
            }
        }

        if (!found || fields.Count(f => f.Number == GraphOutput) < 2)
        {
            return null;
        }

        var keptNodes = new HashSet<int>();
        for (var i = fields.Count - 1; i >= 0; i--)
        {
            if (fields[i].Number != GraphNode)
            {
                continue;
            }

            var node = graph.Slice(fields[i].ValueStart, fields[i].ValueLength);
            var nodeFields = Fields(node);
            var live = false;
            foreach (var f in nodeFields)
            {
                if (f.Number == NodeAttribute && HasSubgraph(node.Slice(f.ValueStart, f.ValueLength)))
                {
                    return null;
                }

                live |= f.Number == NodeOutput && needed.Contains(Text(node.Slice(f.ValueStart, f.ValueLength)));
            }

            if (!live)
            {
                continue;
            }

            keptNodes.Add(fields[i].Start);
            foreach (var f in nodeFields)
            {
                if (f.Number == NodeInput && f.ValueLength > 0)
                {
                    needed.Add(Text(node.Slice(f.ValueStart, f.ValueLength)));
                }
            }
        }

        using var newGraph = new MemoryStream(graph.Length);
        foreach (var f in fields)
        {
            var drop = f.Number switch
            {
                GraphNode => !keptNodes.Contains(f.Start),
                GraphOutput => StringField(graph.Slice(f.ValueStart, f.ValueLength), ValueInfoName) == output,
                GraphInitializer => StringField(graph.Slice(f.ValueStart, f.ValueLength), TensorName) is { } name && !needed.Contains(name),
                _ => false,
            };
            if (!drop)
            {
                newGraph.Write(graph.Slice(f.Start, f.End - f.Start));
            }
        }

        using var newModel = new MemoryStream(model.Length);
        foreach (var f in modelFields)
        {
            if (f.Number != ModelGraph)
            {
                newModel.Write(model.Slice(f.Start, f.End - f.Start));
                continue;
            }

            WriteVarint(newModel, (ulong)(ModelGraph << 3 | 2));
            WriteVarint(newModel, (ulong)newGraph.Length);
            newGraph.Position = 0;
            newGraph.CopyTo(newModel);
        }

        return newModel.ToArray();
    }

    private static bool HasSubgraph(ReadOnlySpan<byte> attribute)
    {
        foreach (var f in Fields(attribute))
        {
            if (f.Number is AttributeGraph or AttributeGraphs)
            {
                return true;
            }
        }

        return false;
    }

    private static string? StringField(ReadOnlySpan<byte> message, int number)
    {
        foreach (var f in Fields(message))
        {
            if (f.Number == number && f.WireType == 2)
            {
                return Text(message.Slice(f.ValueStart, f.ValueLength));
            }
        }

        return null;
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    // The top-level fields of one message: where each starts (its tag) and ends, and where its value lies.
    private static List<Field> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < message.Length)
        {
            var start = position;
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            int valueStart, valueLength;
            switch (wireType)
            {
                case 0:
                    valueStart = position;
                    ReadVarint(message, ref position);
                    valueLength = position - valueStart;
                    break;
                case 1:
                    (valueStart, valueLength) = (position, 8);
                    position += 8;
                    break;
                case 2:
                    var length = ReadVarint(message, ref position);
                    if (length > (ulong)(message.Length - position))
                    {
                        throw new OnnxModelFormatException($"field {number} of {length} bytes runs past its message at byte {position}");
                    }

                    (valueStart, valueLength) = (position, (int)length);
                    position += (int)length;
                    break;
                case 5:
                    (valueStart, valueLength) = (position, 4);
                    position += 4;
                    break;
                default:
                    throw new OnnxModelFormatException($"wire type {wireType} at byte {start}");
            }

            if (position > message.Length)
            {
                throw new OnnxModelFormatException($"field {number} is cut off at byte {start}");
            }

            fields.Add(new Field(number, wireType, start, valueStart, valueLength, position));
        }

        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new OnnxModelFormatException($"a number is cut off at byte {position}");
            }

            var b = bytes[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new OnnxModelFormatException($"a number longer than 10 bytes at byte {position}");
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        var n = 0;
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            buffer[n++] = value == 0 ? b : (byte)(b | 0x80);
        }
        while (value != 0);
        stream.Write(buffer[..n]);
    }

    private readonly record struct Field(int Number, int WireType, int Start, int ValueStart, int ValueLength, int End);
}
