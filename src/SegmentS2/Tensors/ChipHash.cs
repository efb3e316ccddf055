using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace SegmentS2.Tensors;

/// <summary>
/// A fast content hash of chip pixels (XXH128 over the float bytes), for embedding cache keys: hash the encoder
/// input tensor, so two chips share an embedding exactly when the encoder would see the same values.
/// </summary>
internal static class ChipHash
{
    /// <summary>The 128-bit XXH3 hash of the values' bytes (little-endian IEEE 754), with the element count mixed in as the seed.</summary>
    /// <param name="values">The tensor (for example the NCHW encoder input).</param>
    public static UInt128 Compute(ReadOnlySpan<float> values) =>
        XxHash128.HashToUInt128(MemoryMarshal.AsBytes(values), values.Length);

    /// <summary>The hash as 32 lowercase hex digits, for file names.</summary>
    public static string ToHex(UInt128 hash) => hash.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}
