using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace SegmentS2.GeoTiff.Writing.Codecs;

/// <summary>
/// TIFF predictor 3 (Adobe's floating-point predictor) for one sample per pixel: a row's sample bytes
/// are regrouped into planes by significance, most significant first, then each byte has its left
/// neighbour subtracted, wrapping.
/// </summary>
internal static class FloatingPointDifferencing
{
    /// <summary>
    /// Encodes one row of <paramref name="row"/> samples into <paramref name="destination"/>
    /// (its byte length), using <paramref name="scratch"/> (same length) for the regrouped bytes.
    /// </summary>
    public static void Encode<T>(ReadOnlySpan<T> row, Span<byte> scratch, Span<byte> destination) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(row);
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int n = row.Length;
        for (int b = 0; b < size; b++)
        {
            // Byte b of a sample in memory has significance b on little-endian hosts, size-1-b on big-endian ones.
            int plane = BitConverter.IsLittleEndian ? size - 1 - b : b;
            var target = scratch.Slice(plane * n, n);
            for (int i = 0; i < n; i++)
            {
                target[i] = bytes[i * size + b];
            }
        }

        destination[0] = scratch[0];
        TensorPrimitives.Subtract(scratch[1..bytes.Length], scratch[..(bytes.Length - 1)], destination[1..bytes.Length]);
    }
}
