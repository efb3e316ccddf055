namespace SegmentS2.Sam;

/// <summary>
/// One chip's encoder tensor in the session's layout, plus a hash of its content that keys the
/// embedding cache. The caller owns <see cref="Tensor"/> (typically a pooled buffer).
/// </summary>
/// <param name="Tensor">The tensor data: 3 x size x size floats.</param>
/// <param name="Height">Chip height in pixels.</param>
/// <param name="Width">Chip width in pixels.</param>
/// <param name="ContentHash">Hex hash of the chip's pixels; equal chips share an embedding.</param>
public sealed record SamEncoderInput(ReadOnlyMemory<float> Tensor, int Height, int Width, string ContentHash);
