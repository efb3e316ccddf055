using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using SegmentS2.GeoTiff.Compression.Compressors;
using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.Predictors;

namespace SegmentS2.GeoTiff.Writing.Tiles;

/// <summary>
/// Turns one tile of one band into its stored bytes: cut from a band strip, padded to the full tile by
/// repeating the last column and row (TIFF tiles are always whole; repeated values cost almost nothing
/// after the predictor), predicted, made little-endian and compressed. Thread-safe.
/// </summary>
internal sealed class TileEncoder<T>(int tileSize, TiffPredictor predictor, ITileCompressor compressor) where T : unmanaged
{

    /// <summary>
    /// Encodes the tile whose top-left pixel is column <paramref name="col0"/> of the first row of
    /// <paramref name="strip"/> (rows of <paramref name="stripWidth"/> samples), of which
    /// <paramref name="rows"/> x <paramref name="cols"/> pixels are inside the image.
    /// </summary>
    public CompressedTile Encode(ReadOnlySpan<T> strip, int stripWidth, int col0, int rows, int cols)
    {
        int size = Unsafe.SizeOf<T>();
        int tileBytes = tileSize * tileSize * size;
        var raw = ArrayPool<byte>.Shared.Rent(tileBytes);
        byte[]? predicted = null, scratch = null;
        try
        {
            var tile = MemoryMarshal.Cast<byte, T>(raw.AsSpan(0, tileBytes));
            for (int r = 0; r < rows; r++)
            {
                var src = strip.Slice(r * stripWidth + col0, cols);
                var dst = tile.Slice(r * tileSize, tileSize);
                if (predictor == TiffPredictor.Horizontal)
                {
                    HorizontalPredictor.Encode(src, dst[..cols]);
                    dst[cols..].Clear();
                }
                else
                {
                    src.CopyTo(dst);
                    dst[cols..].Fill(src[cols - 1]);
                }
            }

            var lastRow = tile.Slice((rows - 1) * tileSize, tileSize);
            for (int r = rows; r < tileSize; r++)
            {
                lastRow.CopyTo(tile.Slice(r * tileSize, tileSize));
            }

            ReadOnlySpan<byte> stored = raw.AsSpan(0, tileBytes);
            if (predictor == TiffPredictor.FloatingPoint)
            {
                predicted = ArrayPool<byte>.Shared.Rent(tileBytes);
                scratch = ArrayPool<byte>.Shared.Rent(tileSize * size);
                int rowBytes = tileSize * size;
                for (int r = 0; r < tileSize; r++)
                {
                    FloatingPointPredictor.Encode<T>(
                        tile.Slice(r * tileSize, tileSize), scratch.AsSpan(0, rowBytes), predicted.AsSpan(r * rowBytes, rowBytes));
                }

                stored = predicted.AsSpan(0, tileBytes);
            }
            else if (!BitConverter.IsLittleEndian)
            {
                ToLittleEndian(raw.AsSpan(0, tileBytes), size);
            }

            return compressor.Compress(stored);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            if (predicted is not null)
            {
                ArrayPool<byte>.Shared.Return(predicted);
            }

            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    private static void ToLittleEndian(Span<byte> bytes, int sampleSize)
    {
        switch (sampleSize)
        {
            case 2:
                var s = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(s, s);
                break;
            case 4:
                var i = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(i, i);
                break;
            case 8:
                var l = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(l, l);
                break;
        }
    }
}
