using System.Text;

namespace SegmentS2.Sam.Loading;

/// <summary>
/// Walks an ONNX ModelProto's protobuf wire format without materialising it: checks that the bytes
/// are a model (an IR version and a graph, every field well formed) and collects the external data
/// files its tensors point to. Large fields (weights) are skipped by seeking, so a 2.5 GB vit_h
/// encoder is scanned in milliseconds.
/// </summary>
internal static class OnnxModelScanner
{
    private const int MaxDepth = 64;
    private const int MaxStringBytes = 4096;

    private enum Message
    {
        Model,
        Graph,
        Node,
        Attribute,
        Tensor,
        SparseTensor,
        Function,
    }

    /// <summary>Scans a seekable stream holding exactly one model, from position 0 to its end.</summary>
    /// <exception cref="OnnxModelFormatException">The bytes are not an ONNX model.</exception>
    public static OnnxModelScan Scan(Stream stream)
    {
        var reader = new WireReader(stream);
        var state = new ScanState();
        var end = stream.Length;
        stream.Position = 0;
        if (end == 0)
        {
            throw new OnnxModelFormatException("the file is empty");
        }

        ReadMessage(reader, end, Message.Model, state, depth: 0);
        if (state.IrVersion is null)
        {
            throw new OnnxModelFormatException("it has no ir_version field");
        }

        if (!state.HasGraph)
        {
            throw new OnnxModelFormatException("it has no graph");
        }

        return new OnnxModelScan(state.IrVersion.Value, state.Locations);
    }

    private static void ReadMessage(WireReader reader, long end, Message kind, ScanState state, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new OnnxModelFormatException($"messages are nested deeper than {MaxDepth} levels");
        }

        bool isExternal = false;
        string? location = null;
        while (reader.Position < end)
        {
            var tag = reader.ReadVarint(end);
            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            if (field <= 0 || tag >> 3 > int.MaxValue)
            {
                throw new OnnxModelFormatException($"invalid field number {tag >> 3} at byte {reader.Position}");
            }

            if (wire == 2)
            {
                var length = reader.ReadVarint(end);
                if (length > (ulong)(end - reader.Position))
                {
                    throw new OnnxModelFormatException($"field {field} at byte {reader.Position} runs past the end of its message");
                }

                var fieldEnd = reader.Position + (long)length;
                var child = ChildOf(kind, field);
                if (child is { } childKind)
                {
                    if (childKind == Message.Graph && kind == Message.Model)
                    {
                        state.HasGraph = true;
                    }

                    ReadMessage(reader, fieldEnd, childKind, state, depth + 1);
                    if (reader.Position != fieldEnd)
                    {
                        throw new OnnxModelFormatException($"field {field} does not end where its length says");
                    }
                }
                else if (kind == Message.Tensor && field == 13)
                {
                    // external_data: a StringStringEntryProto; read inline because we need its strings.
                    var entry = ReadEntry(reader, fieldEnd);
                    if (entry.Key == "location")
                    {
                        location = entry.Value;
                    }
                }
                else
                {
                    reader.Seek(fieldEnd);
                }
            }
            else if (wire == 0)
            {
                var number = reader.ReadVarint(end);
                if (kind == Message.Model && field == 1)
                {
                    state.IrVersion = (long)number;
                }
                else if (kind == Message.Tensor && field == 14)
                {
                    isExternal = number == 1;
                }
            }
            else if (wire == 1)
            {
                reader.Skip(8, end);
            }
            else if (wire == 5)
            {
                reader.Skip(4, end);
            }
            else
            {
                throw new OnnxModelFormatException($"unsupported wire type {wire} for field {field} at byte {reader.Position}");
            }
        }

        if (reader.Position != end)
        {
            throw new OnnxModelFormatException("a field runs past the end of its message");
        }

        if (kind == Message.Tensor && isExternal)
        {
            if (string.IsNullOrEmpty(location))
            {
                throw new OnnxModelFormatException("a tensor stored as external data has no location");
            }

            if (!state.Locations.Contains(location, StringComparer.Ordinal))
            {
                state.Locations.Add(location);
            }
        }
    }

    private static (string? Key, string? Value) ReadEntry(WireReader reader, long end)
    {
        string? key = null;
        string? value = null;
        while (reader.Position < end)
        {
            var tag = reader.ReadVarint(end);
            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            if (wire == 2)
            {
                var length = reader.ReadVarint(end);
                if (length > (ulong)(end - reader.Position))
                {
                    throw new OnnxModelFormatException("an external_data entry runs past its end");
                }

                var fieldEnd = reader.Position + (long)length;
                if (field is 1 or 2)
                {
                    var text = reader.ReadString(fieldEnd);
                    if (field == 1)
                    {
                        key = text;
                    }
                    else
                    {
                        value = text;
                    }
                }
                else
                {
                    reader.Seek(fieldEnd);
                }
            }
            else if (wire == 0)
            {
                reader.ReadVarint(end);
            }
            else if (wire == 1)
            {
                reader.Skip(8, end);
            }
            else if (wire == 5)
            {
                reader.Skip(4, end);
            }
            else
            {
                throw new OnnxModelFormatException($"unsupported wire type {wire} in an external_data entry");
            }
        }

        return (key, value);
    }

    /// <summary>The sub-messages that can hold tensors, by parent message and field number (onnx.proto).</summary>
    private static Message? ChildOf(Message parent, int field) => (parent, field) switch
    {
        (Message.Model, 7) => Message.Graph,
        (Message.Model, 25) => Message.Function,
        (Message.Graph, 1) => Message.Node,
        (Message.Graph, 5) => Message.Tensor,
        (Message.Graph, 15) => Message.SparseTensor,
        (Message.Function, 7) => Message.Node,
        (Message.Node, 5) => Message.Attribute,
        (Message.Attribute, 5) => Message.Tensor,
        (Message.Attribute, 6) => Message.Graph,
        (Message.Attribute, 10) => Message.Tensor,
        (Message.Attribute, 11) => Message.Graph,
        (Message.Attribute, 22) => Message.SparseTensor,
        (Message.Attribute, 23) => Message.SparseTensor,
        (Message.SparseTensor, 1) => Message.Tensor,
        (Message.SparseTensor, 2) => Message.Tensor,
        _ => null,
    };

    private sealed class ScanState
    {
        public long? IrVersion { get; set; }

        public bool HasGraph { get; set; }

        public List<string> Locations { get; } = [];
    }

    /// <summary>Reads varints and strings from a stream, tracking the position itself to avoid syscalls.</summary>
    private sealed class WireReader(Stream stream)
    {
        public long Position => stream.Position;

        public ulong ReadVarint(long end)
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (stream.Position >= end)
                {
                    throw new OnnxModelFormatException($"a number is cut off at byte {stream.Position}");
                }

                var b = stream.ReadByte();
                if (b < 0)
                {
                    throw new OnnxModelFormatException("the file ends inside a number");
                }

                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw new OnnxModelFormatException($"a number longer than 10 bytes at byte {stream.Position}");
        }

        public string ReadString(long end)
        {
            var length = end - stream.Position;
            if (length > MaxStringBytes)
            {
                throw new OnnxModelFormatException($"a {length}-byte string where a file name was expected");
            }

            var buffer = new byte[length];
            stream.ReadExactly(buffer);
            return Encoding.UTF8.GetString(buffer);
        }

        public void Skip(int count, long end)
        {
            if (end - stream.Position < count)
            {
                throw new OnnxModelFormatException($"a fixed-size field is cut off at byte {stream.Position}");
            }

            stream.Seek(count, SeekOrigin.Current);
        }

        public void Seek(long position) => stream.Seek(position, SeekOrigin.Begin);
    }
}
