namespace SegmentS2.Sam;

/// <summary>
/// A model input or output as ONNX Runtime reports it: name, element type and dimensions
/// (a number for a fixed dimension, a symbol or <c>?</c> for a dynamic one).
/// </summary>
/// <param name="Name">The tensor name.</param>
/// <param name="ElementType">The element type, e.g. <c>float32</c>.</param>
/// <param name="Dimensions">One entry per dimension.</param>
internal sealed record SamTensorSignature(string Name, string ElementType, IReadOnlyList<string> Dimensions)
{
    /// <summary>Formats the signature as <c>name: type [d0, d1, ...]</c>.</summary>
    public override string ToString() => $"{Name}: {ElementType} [{string.Join(", ", Dimensions)}]";
}
