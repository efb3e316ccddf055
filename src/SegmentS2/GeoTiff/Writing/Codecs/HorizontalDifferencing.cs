using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace SegmentS2.GeoTiff.Writing.Codecs;

/// <summary>
/// TIFF predictor 2 for one sample per pixel: each sample minus its left neighbour, wrapping. Two's
/// complement makes signed and unsigned samples of one width identical, so only widths matter.
/// </summary>
internal static class HorizontalDifferencing
{
    /// <summary>Writes the differences of <paramref name="source"/> to <paramref name="destination"/> (same length, no overlap).</summary>
    public static void Encode<T>(ReadOnlySpan<T> source, Span<T> destination) where T : unmanaged
    {
        if (source.IsEmpty)
        {
            return;
        }

        switch (System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            case 1:
                Encode(MemoryMarshal.AsBytes(source), MemoryMarshal.AsBytes(destination));
                break;
            case 2:
                Encode(MemoryMarshal.Cast<T, ushort>(source), MemoryMarshal.Cast<T, ushort>(destination));
                break;
            case 4:
                Encode(MemoryMarshal.Cast<T, uint>(source), MemoryMarshal.Cast<T, uint>(destination));
                break;
            case 8:
                Encode(MemoryMarshal.Cast<T, ulong>(source), MemoryMarshal.Cast<T, ulong>(destination));
                break;
            default:
                throw new NotSupportedException($"No horizontal predictor for {typeof(T).Name}.");
        }
    }

    private static void Encode(ReadOnlySpan<byte> s, Span<byte> d)
    {
        d[0] = s[0];
        TensorPrimitives.Subtract(s[1..], s[..^1], d[1..s.Length]);
    }

    private static void Encode(ReadOnlySpan<ushort> s, Span<ushort> d)
    {
        d[0] = s[0];
        TensorPrimitives.Subtract(s[1..], s[..^1], d[1..s.Length]);
    }

    private static void Encode(ReadOnlySpan<uint> s, Span<uint> d)
    {
        d[0] = s[0];
        TensorPrimitives.Subtract(s[1..], s[..^1], d[1..s.Length]);
    }

    private static void Encode(ReadOnlySpan<ulong> s, Span<ulong> d)
    {
        d[0] = s[0];
        TensorPrimitives.Subtract(s[1..], s[..^1], d[1..s.Length]);
    }
}
