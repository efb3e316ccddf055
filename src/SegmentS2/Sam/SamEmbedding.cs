namespace SegmentS2.Sam;

/// <summary>
/// An image embedding produced by the encoder. Read-only and shared between callers through the
/// cache; it remembers the chip size (the decoder's <c>orig_im_size</c>) and the encoder it came from.
/// </summary>
/// <param name="Data">The embedding values, row-major in <paramref name="Shape"/>.</param>
/// <param name="Shape">The embedding shape, [1, 256, 64, 64] for SAM.</param>
/// <param name="ContentHash">The chip content hash it was computed from.</param>
/// <param name="ChipHeight">Height in pixels of the chip it describes (masks are decoded at this size).</param>
/// <param name="ChipWidth">Width in pixels of the chip it describes.</param>
/// <param name="ModelHash">Hash of the encoder that produced it (<see cref="SamModelInfo.ModelHash"/>).</param>
public sealed record SamEmbedding(ReadOnlyMemory<float> Data, IReadOnlyList<int> Shape, string ContentHash, int ChipHeight, int ChipWidth, string ModelHash)
{
    /// <summary>Bytes the embedding holds, for the cache's budget.</summary>
    public long SizeInBytes => (long)Data.Length * sizeof(float);
}
