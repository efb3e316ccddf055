using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SegmentS2.GeoTiff.Compression;
using SegmentS2.GeoTiff.Compression.LibTiff;
using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.Predictors;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Reading;

/// <summary>
/// Decodes one stored block into samples in this machine's byte order: decompression, byte swapping
/// and the predictor, all in place in one pooled buffer.
/// </summary>
internal sealed class BlockDecoder
{
    private readonly TiffImageStructure _image;
    private readonly TiffDecompressor? _decompressor;
    private readonly LibTiffBlockDecoder? _fallback;
    private readonly long _maxExpansionRatio;

    public BlockDecoder(TiffImageStructure image)
    {
        _image = image;
        if (image.LibTiffCodec is { } codec)
        {
            _fallback = new LibTiffBlockDecoder(image, codec);
            _maxExpansionRatio = _fallback.MaxExpansionRatio;
        }
        else
        {
            _decompressor = TiffDecompressorFactory.Create(image.Compression);
            _maxExpansionRatio = _decompressor.MaxExpansionRatio;
        }
    }

    /// <summary>Decoded bytes of a block that holds <paramref name="rows"/> rows.</summary>
    public int DecodedBytes(int rows) => rows * _image.BlockRowBytes;

    /// <summary>
    /// Checks a block's stored byte count before any read: it must fit the file and be able to hold
    /// the block with this codec. Throws <see cref="GeoTiffFormatException"/> naming the block.
    /// </summary>
    public void Validate(int index, long offset, long byteCount, long fileLength)
    {
        long needed = (long)_image.RowsInBlock(index % _image.BlocksPerPlane / _image.BlocksAcross) * _image.StoredRowBytes;
        if (offset < 0 || byteCount < 0 || offset > fileLength || byteCount > fileLength - offset)
        {
            throw _image.BlockError(index, $"declares {byteCount} bytes at offset {offset}, outside the file ({fileLength} bytes).");
        }

        // No codec here grows data by more than half (LZW's 12-bit codes for 8-bit literals), plus framing.
        if (byteCount > 2L * _image.BlockBytes + 4096)
        {
            throw _image.BlockError(index, $"declares {byteCount} stored bytes for a {_image.BlockBytes}-byte block; the byte count is corrupt.");
        }

        if (needed > byteCount * _maxExpansionRatio + 64)
        {
            throw _image.BlockError(index, $"has {byteCount} stored bytes, which cannot decode to its {needed} bytes with {_image.Compression.GdalName()}.");
        }
    }

    /// <summary>
    /// Decodes block <paramref name="index"/> from its stored bytes. Returns the decoded samples,
    /// which lie in <paramref name="workspace"/> (at least <see cref="TiffImageStructure.BlockBytes"/>
    /// bytes) or, for uncompressed data already in this machine's order, in <paramref name="stored"/> itself.
    /// </summary>
    public ReadOnlySpan<byte> Decode(int index, ReadOnlyMemory<byte> stored, Span<byte> workspace)
    {
        TiffImageStructure s = _image;
        int rows = s.RowsInBlock(index % s.BlocksPerPlane / s.BlocksAcross);
        int expected = DecodedBytes(rows);
        bool swap = s.ByteOrder.NeedsSwap && s.BytesPerSample > 1 && s.EffectivePredictor != TiffPredictor.FloatingPoint;

        if (s.IsBilevel)
        {
            return DecodeBilevel(index, rows, stored, workspace[..s.BlockBytes]);
        }

        if (s.Compression == TiffCompression.None && !swap)
        {
            if (stored.Length < expected)
            {
                throw Short(index, stored.Length, expected);
            }

            return stored.Span[..expected];
        }

        Span<byte> block = workspace[..s.BlockBytes];
        int written = Decompress(index, rows, stored, block);
        if (written < expected)
        {
            throw Short(index, written, expected);
        }

        Span<byte> data = block[..expected];
        if (swap)
        {
            SwapBytes(data, s.BytesPerSample);
        }

        int samplesPerRow = s.BlockWidth * s.SamplesPerBlockPixel;
        if (s.EffectivePredictor == TiffPredictor.Horizontal)
        {
            HorizontalPredictor.Decode(data, rows, samplesPerRow, s.SamplesPerBlockPixel, s.BytesPerSample);
        }
        else if (s.EffectivePredictor == TiffPredictor.FloatingPoint)
        {
            byte[] scratch = ArrayPool<byte>.Shared.Rent(s.BlockRowBytes);
            try
            {
                FloatingPointPredictor.Decode(data, rows, samplesPerRow, s.SamplesPerBlockPixel, s.BytesPerSample, scratch);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        return data;
    }

    /// <summary>Decompresses a block with the managed codec or LibTiff.NET; errors name the block.</summary>
    private int Decompress(int index, int rows, ReadOnlyMemory<byte> stored, Span<byte> destination)
    {
        try
        {
            return _fallback is not null ? _fallback.Decode(index, stored, destination, rows) : _decompressor!.Decompress(stored, destination);
        }
        catch (GeoTiffFormatException ex)
        {
            throw _image.BlockError(index, ex.Message, ex, separator: ": ");
        }
    }

    /// <summary>Decodes a 1-bit block and expands its packed bits to one byte per sample (0 or 1), as GDAL reads them.</summary>
    private ReadOnlySpan<byte> DecodeBilevel(int index, int rows, ReadOnlyMemory<byte> stored, Span<byte> block)
    {
        TiffImageStructure s = _image;
        int packedExpected = rows * s.StoredRowBytes;
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> bits;
            if (s.Compression == TiffCompression.None)
            {
                bits = stored.Span;
            }
            else
            {
                int packedBytes = s.BlockHeight * s.StoredRowBytes;
                rented = ArrayPool<byte>.Shared.Rent(packedBytes);
                int written = Decompress(index, rows, stored, rented.AsSpan(0, packedBytes));
                bits = rented.AsSpan(0, written);
            }

            if (bits.Length < packedExpected)
            {
                throw Short(index, bits.Length, packedExpected);
            }

            int samplesPerRow = s.BlockWidth * s.SamplesPerBlockPixel;
            for (int row = 0; row < rows; row++)
            {
                ReadOnlySpan<byte> source = bits.Slice(row * s.StoredRowBytes, s.StoredRowBytes);
                Span<byte> target = block.Slice(row * s.BlockRowBytes, samplesPerRow);
                for (int i = 0; i < target.Length; i++)
                {
                    target[i] = (byte)((source[i >> 3] >> (7 - (i & 7))) & 1);
                }
            }

            return block[..DecodedBytes(rows)];
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void SwapBytes(Span<byte> data, int bytesPerSample)
    {
        switch (bytesPerSample)
        {
            case 2:
                Span<ushort> u16 = MemoryMarshal.Cast<byte, ushort>(data);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                Span<uint> u32 = MemoryMarshal.Cast<byte, uint>(data);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            default:
                Span<ulong> u64 = MemoryMarshal.Cast<byte, ulong>(data);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
        }
    }

    private GeoTiffFormatException Short(int index, int actual, int expected) =>
        _image.BlockError(index, $"decodes to {actual} bytes; {expected} expected ({_image.Compression.GdalName()}, {_image.DataType}).");
}
