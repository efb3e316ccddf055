using System.Buffers;
using System.Buffers.Binary;
using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.Writing.Tiff;

namespace SegmentS2.GeoTiff.Writing.Layout;

/// <summary>
/// Writes the finished file from the spilled tiles: header, (COG) GDAL structural metadata, every
/// level's IFD (full resolution first, then overviews, chained), then the tile data, smallest
/// overview first and full resolution last, each level band by band in row-major order, each tile
/// (COG) wrapped in GDAL's 4-byte size leader and 4-byte trailer. All sizes are known by now, so the
/// file is written front to back once, and the classic / BigTIFF choice is exact.
/// </summary>
internal static class TiffFileAssembler
{
    private const long ClassicLimit = uint.MaxValue;

    /// <param name="destination">Stream of the temporary file, positioned at 0.</param>
    /// <param name="levels">Full resolution first, then overviews.</param>
    /// <param name="spill">Where the compressed tiles are.</param>
    /// <param name="ifds">One directory per level, complete except for TileOffsets and TileByteCounts, which are filled here.</param>
    /// <param name="cog">Whether to write GDAL's structural metadata and tile leaders and trailers.</param>
    /// <param name="mode">Classic TIFF or BigTIFF.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public static async Task WriteAsync(
        Stream destination, TileSpill spill, IReadOnlyList<(LevelGeometry Geometry, long[] SpillOffsets, int[] Lengths)> levels,
        IReadOnlyList<IfdBuilder> ifds, bool cog, GeoTiffBigTiffMode mode, CancellationToken cancellationToken)
    {
        var tileOffsets = new long[levels.Count][];
        for (int i = 0; i < levels.Count; i++)
        {
            tileOffsets[i] = new long[levels[i].Lengths.Length];
            ifds[i].AddOffsets(TiffTag.TileOffsets, tileOffsets[i]);
            ifds[i].AddOffsets(TiffTag.TileByteCounts, Array.ConvertAll(levels[i].Lengths, n => (long)n));
        }

        bool bigTiff = UseBigTiff(mode, Layout(levels, ifds, tileOffsets, cog, bigTiff: false, out var ifdOffsets));
        if (bigTiff)
        {
            Layout(levels, ifds, tileOffsets, cog, bigTiff, out ifdOffsets);
        }

        // Header: byte order "II", version 42 (+ offset) or 43 (BigTIFF: 8-byte offsets), first IFD offset.
        var header = new byte[bigTiff ? 16 : 8];
        header[0] = header[1] = (byte)'I';
        if (bigTiff)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 43);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 8);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), (ulong)ifdOffsets[0]);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 42);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)ifdOffsets[0]);
        }

        await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        long position = header.Length;
        if (cog)
        {
            await destination.WriteAsync(GdalStructuralMetadata.Bytes, cancellationToken).ConfigureAwait(false);
            position += GdalStructuralMetadata.Bytes.Length;
        }

        for (int i = 0; i < ifds.Count; i++)
        {
            await PadToAsync(destination, position, ifdOffsets[i], cancellationToken).ConfigureAwait(false);
            var bytes = new byte[checked((int)ifds[i].GetSize(bigTiff))];
            ifds[i].WriteTo(bytes, ifdOffsets[i], i + 1 < ifds.Count ? ifdOffsets[i + 1] : 0, bigTiff);
            await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            position = ifdOffsets[i] + bytes.Length;
        }

        int largest = levels.Max(l => l.Lengths.Length == 0 ? 0 : l.Lengths.Max());
        var buffer = ArrayPool<byte>.Shared.Rent(largest + 8);
        try
        {
            for (int level = levels.Count - 1; level >= 0; level--)
            {
                var (_, spillOffsets, lengths) = levels[level];
                for (int t = 0; t < lengths.Length; t++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int length = lengths[t];
                    int start = cog ? 4 : 0;
                    await spill.ReadAsync(spillOffsets[t], buffer.AsMemory(start, length), cancellationToken).ConfigureAwait(false);
                    int total = length;
                    if (cog)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)length);
                        buffer.AsSpan(4 + Math.Max(0, length - 4), Math.Min(4, length)).CopyTo(buffer.AsSpan(4 + length));
                        buffer.AsSpan(4 + length + Math.Min(4, length), 4 - Math.Min(4, length)).Clear();
                        total = length + 8;
                    }

                    await PadToAsync(destination, position, tileOffsets[level][t] - start, cancellationToken).ConfigureAwait(false);
                    await destination.WriteAsync(buffer.AsMemory(0, total), cancellationToken).ConfigureAwait(false);
                    position = tileOffsets[level][t] - start + total;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether to write BigTIFF, given the length the file would have as classic TIFF.</summary>
    /// <exception cref="GeoTiffWriteException">Classic TIFF is too small and <paramref name="mode"/> rules out BigTIFF.</exception>
    public static bool UseBigTiff(GeoTiffBigTiffMode mode, long classicLength) => mode switch
    {
        GeoTiffBigTiffMode.Always => true,
        _ when classicLength <= ClassicLimit => false,
        GeoTiffBigTiffMode.Never => throw TooLargeForClassicTiff(classicLength),
        _ => true,
    };

    /// <summary>Whether <paramref name="bytes"/> of tile data alone already exceed classic TIFF.</summary>
    public static bool ExceedsClassicTiff(long bytes) => bytes > ClassicLimit;

    /// <summary>The error for a file over 4 GiB when BigTIFF is ruled out.</summary>
    public static GeoTiffWriteException TooLargeForClassicTiff(long bytes) =>
        new($"The file would be at least {bytes} bytes, more than classic TIFF's 4 GiB limit, and BigTiff is set to Never.");

    /// <summary>Assigns file offsets to every IFD and tile; returns the file length.</summary>
    private static long Layout(
        IReadOnlyList<(LevelGeometry Geometry, long[] SpillOffsets, int[] Lengths)> levels, IReadOnlyList<IfdBuilder> ifds,
        long[][] tileOffsets, bool cog, bool bigTiff, out long[] ifdOffsets)
    {
        long position = bigTiff ? 16 : 8;
        if (cog)
        {
            position += GdalStructuralMetadata.Bytes.Length;
        }

        ifdOffsets = new long[ifds.Count];
        for (int i = 0; i < ifds.Count; i++)
        {
            position += position & 1; // IFDs start on a word boundary
            ifdOffsets[i] = position;
            position += ifds[i].GetSize(bigTiff);
        }

        for (int level = levels.Count - 1; level >= 0; level--)
        {
            var lengths = levels[level].Lengths;
            for (int t = 0; t < lengths.Length; t++)
            {
                position += cog ? 4 : 0;
                tileOffsets[level][t] = position;
                position += lengths[t] + (cog ? 4 : 0);
            }
        }

        return position;
    }

    private static async ValueTask PadToAsync(Stream destination, long position, long target, CancellationToken cancellationToken)
    {
        if (target > position)
        {
            await destination.WriteAsync(new byte[target - position], cancellationToken).ConfigureAwait(false);
        }
    }
}
