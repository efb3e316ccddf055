namespace SegmentS2.Sam;

/// <summary>An image embedding produced by the encoder (read-only; shared between callers through the cache).</summary>
/// <param name="Data">The embedding values, row-major in <paramref name="Shape"/>.</param>
/// <param name="Shape">The embedding shape, [1, 256, 64, 64] for SAM.</param>
/// <param name="ContentHash">The chip content hash it was computed from.</param>
public sealed record SamEmbedding(float[] Data, IReadOnlyList<int> Shape, string ContentHash)
{
    /// <summary>Bytes the embedding holds, for the cache's budget.</summary>
    public long SizeInBytes => (long)Data.Length * sizeof(float);
}
