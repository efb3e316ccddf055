namespace SegmentS2.Sam.Loading;

/// <summary>The bytes are not a well-formed ONNX ModelProto; turned into a <see cref="SamModelLoadException"/> by the loader.</summary>
internal sealed class OnnxModelFormatException(string reason) : Exception(reason);
