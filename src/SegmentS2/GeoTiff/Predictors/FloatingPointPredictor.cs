using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace SegmentS2.GeoTiff.Predictors;

/// <summary>
/// TIFF predictor 3 (Adobe's floating-point predictor, TIFF technical note 3): each row is split into
/// byte planes, most significant first, and the plane bytes are horizontally differenced.
/// <see cref="Decode"/> undoes it (reader); <see cref="Encode{T}"/> applies it (writer).
/// </summary>
internal static class FloatingPointPredictor
{
    /// <summary>
    /// Decodes every row of <paramref name="block"/> in place into this machine's byte order; the
    /// file's byte order does not matter, the predictor defines its own.
    /// </summary>
    /// <param name="block">Decoded block, <paramref name="rows"/> rows of <paramref name="samplesPerRow"/> samples.</param>
    /// <param name="rows">Rows in the block.</param>
    /// <param name="samplesPerRow">Samples in one row (pixels times interleaved bands).</param>
    /// <param name="stride">Samples per pixel in the row.</param>
    /// <param name="bytesPerSample">4 or 8.</param>
    /// <param name="scratch">At least one row of bytes.</param>
    public static void Decode(Span<byte> block, int rows, int samplesPerRow, int stride, int bytesPerSample, Span<byte> scratch)
    {
        int rowBytes = samplesPerRow * bytesPerSample;
        Span<byte> planes = scratch[..rowBytes];
        for (int r = 0; r < rows; r++)
        {
            Span<byte> row = block.Slice(r * rowBytes, rowBytes);
            byte acc;
            if (stride == 1)
            {
                acc = row.Length > 0 ? row[0] : default;
                for (int i = 1; i < row.Length; i++)
                {
                    acc += row[i];
                    row[i] = acc;
                }
            }
            else
            {
                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += row[i - stride];
                }
            }

            row.CopyTo(planes);
            Interleave(planes, row, samplesPerRow, bytesPerSample);
        }
    }

    private static void Interleave(ReadOnlySpan<byte> planes, Span<byte> row, int samples, int bytesPerSample)
    {
        // Plane p holds byte p (most significant first) of every sample.
        bool little = BitConverter.IsLittleEndian;
        for (int b = 0; b < bytesPerSample; b++)
        {
            ReadOnlySpan<byte> plane = planes.Slice((little ? bytesPerSample - 1 - b : b) * samples, samples);
            for (int k = 0, o = b; k < samples; k++, o += bytesPerSample)
            {
                row[o] = plane[k];
            }
        }
    }

    /// <summary>
    /// Encodes one row of one band (stride 1) into <paramref name="destination"/> (the row's byte
    /// length), using <paramref name="scratch"/> (same length) for the byte planes.
    /// </summary>
    public static void Encode<T>(ReadOnlySpan<T> row, Span<byte> scratch, Span<byte> destination) where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(row);
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        int n = row.Length;
        bool little = BitConverter.IsLittleEndian;
        for (int b = 0; b < size; b++)
        {
            Span<byte> plane = scratch.Slice((little ? size - 1 - b : b) * n, n);
            for (int i = 0, o = b; i < n; i++, o += size)
            {
                plane[i] = bytes[o];
            }
        }

        destination[0] = scratch[0];
        TensorPrimitives.Subtract(scratch[1..bytes.Length], scratch[..(bytes.Length - 1)], destination[1..bytes.Length]);
    }
}
