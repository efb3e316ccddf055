using System.Buffers;
using System.Buffers.Binary;
using SegmentS2.GeoTiff.Compression;
using SegmentS2.GeoTiff.Constants;
using SegmentS2.GeoTiff.Writing.Tiff;
using SegmentS2.Raster;

namespace SegmentS2.GeoTiff.Writing;

/// <summary>
/// Writes a uint8 GeoTIFF of many bands that are each zero outside one small window (automatic segmentation's masks):
/// tiled (<see cref="TileSizeFor"/>), one band after another (PlanarConfiguration 2), deflated, and sparse. A tile with no pixel set is not written:
/// its offset and byte count are 0, which GDAL and this library read as zeros. Only one band's window is in memory at a
/// time, so the file and the writer cost what the masks hold, not bands x raster.
/// </summary>
internal static class SparseMaskGeoTiffWriter
{
    /// <summary>
    /// The tile side for a raster: the smallest of 256, 512 and 1024 pixels that keeps a band to at most 256 tiles. Every
    /// band carries an offset and a byte count per tile, sparse or not, so the tables grow as bands x tiles: tens of
    /// thousands of masks over a whole tile would otherwise need hundreds of megabytes of tables alone.
    /// </summary>
    public static int TileSizeFor(int width, int height)
    {
        int size = 256;
        while (size < 1024 && (long)((width + size - 1) / size) * ((height + size - 1) / size) > 256)
        {
            size *= 2;
        }

        return size;
    }

    /// <summary>Writes the file atomically (a temporary file beside it, moved into place when whole).</summary>
    /// <param name="path">Destination.</param>
    /// <param name="width">Raster width.</param>
    /// <param name="height">Raster height.</param>
    /// <param name="windows">Per band, the window (raster pixels) outside which the band is 0.</param>
    /// <param name="readBand">Fills a band's window (width x height bytes, row-major).</param>
    /// <param name="options">Georeferencing, band descriptions and metadata; compression and tiling are fixed.</param>
    /// <param name="cancellationToken">Stops between bands; no file is left behind.</param>
    public static async Task WriteAsync(string path, int width, int height, IReadOnlyList<PixelWindow> windows, Action<int, Span<byte>> readBand,
        GeoTiffWriteOptions options, CancellationToken cancellationToken = default)
    {
        int bands = windows.Count;
        if (bands is < 1 or > ushort.MaxValue || width < 1 || height < 1)
        {
            throw new GeoTiffWriteException($"A sparse mask file needs 1 to {ushort.MaxValue} bands and a positive size; got {bands} bands of {width} x {height}.");
        }

        int tileSize = TileSizeFor(width, height);
        int across = (width + tileSize - 1) / tileSize, down = (height + tileSize - 1) / tileSize;
        long perBand = (long)across * down;
        var offsets = new long[checked((int)(perBand * bands))];
        var counts = new long[offsets.Length];
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                // Room for either header; the choice between classic TIFF and BigTIFF is made once the data's size is known.
                await file.WriteAsync(new byte[16], cancellationToken).ConfigureAwait(false);
                using var compressor = TiffCompressorFactory.Create(GeoTiffWriteCompression.Deflate, null);
                var tile = new byte[tileSize * tileSize];
                for (int b = 0; b < bands; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var window = windows[b].Intersect(new PixelWindow(0, 0, width, height));
                    if (window.IsEmpty)
                    {
                        continue;
                    }

                    var pixels = ArrayPool<byte>.Shared.Rent(checked((int)window.PixelCount));
                    try
                    {
                        readBand(b, pixels.AsSpan(0, (int)window.PixelCount));
                        for (int ty = window.Row / tileSize; ty <= (window.RowEnd - 1) / tileSize; ty++)
                        {
                            for (int tx = window.Col / tileSize; tx <= (window.ColEnd - 1) / tileSize; tx++)
                            {
                                var cell = new PixelWindow(tx * tileSize, ty * tileSize, tileSize, tileSize).Intersect(window);
                                if (!CopyIntoTile(pixels, window, cell, tileSize, tile))
                                {
                                    continue;
                                }

                                var compressed = compressor.Compress(tile);
                                try
                                {
                                    long index = b * perBand + (long)ty * across + tx;
                                    offsets[index] = file.Position;
                                    counts[index] = compressed.Length;
                                    await file.WriteAsync(compressed.Buffer.AsMemory(0, compressed.Length), cancellationToken).ConfigureAwait(false);
                                }
                                finally
                                {
                                    compressed.Return();
                                }
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(pixels);
                    }
                }

                var ifd = BuildIfd(width, height, bands, tileSize, offsets, counts, options);
                long ifdOffset = file.Position + (file.Position & 1);
                bool bigTiff = ifdOffset + ifd.GetSize(bigTiff: false) > uint.MaxValue;
                var bytes = new byte[checked((int)ifd.GetSize(bigTiff))];
                ifd.WriteTo(bytes, ifdOffset, 0, bigTiff);
                file.Position = ifdOffset;
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                var header = new byte[16];
                header[0] = header[1] = (byte)'I';
                if (bigTiff)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 43);
                    BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 8);
                    BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), (ulong)ifdOffset);
                }
                else
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 42);
                    BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)ifdOffset);
                }

                file.Position = 0;
                await file.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    // The tile's share of the band's window, zero elsewhere; false when the share holds no set pixel (the tile stays sparse).
    private static bool CopyIntoTile(byte[] pixels, PixelWindow window, PixelWindow cell, int tileSize, byte[] tile)
    {
        bool any = false;
        for (int r = 0; r < cell.Height && !any; r++)
        {
            any = pixels.AsSpan((cell.Row - window.Row + r) * window.Width + cell.Col - window.Col, cell.Width).ContainsAnyExcept((byte)0);
        }

        if (!any)
        {
            return false;
        }

        Array.Clear(tile);
        for (int r = 0; r < cell.Height; r++)
        {
            pixels.AsSpan((cell.Row - window.Row + r) * window.Width + cell.Col - window.Col, cell.Width)
                .CopyTo(tile.AsSpan((cell.Row % tileSize + r) * tileSize + cell.Col % tileSize));
        }

        return true;
    }

    private static IfdBuilder BuildIfd(int width, int height, int bands, int tileSize, long[] offsets, long[] counts, GeoTiffWriteOptions options)
    {
        var ifd = new IfdBuilder();
        ifd.AddLong(TiffTag.ImageWidth, (uint)width);
        ifd.AddLong(TiffTag.ImageLength, (uint)height);
        ifd.AddShorts(TiffTag.BitsPerSample, GeoTiffWriter.Repeat(8, bands));
        ifd.AddShorts(TiffTag.Compression, (ushort)TiffCompression.Deflate);
        ifd.AddShorts(TiffTag.PhotometricInterpretation, (ushort)TiffPhotometric.MinIsBlack);
        ifd.AddShorts(TiffTag.SamplesPerPixel, (ushort)bands);
        ifd.AddShorts(TiffTag.PlanarConfiguration, (ushort)(bands > 1 ? TiffPlanarConfiguration.Separate : TiffPlanarConfiguration.Contiguous));
        ifd.AddLong(TiffTag.TileWidth, (uint)tileSize);
        ifd.AddLong(TiffTag.TileLength, (uint)tileSize);
        ifd.AddOffsets(TiffTag.TileOffsets, offsets);
        ifd.AddOffsets(TiffTag.TileByteCounts, counts);
        if (bands > 1)
        {
            ifd.AddShorts(TiffTag.ExtraSamples, new ushort[bands - 1]); // unspecified data, not alpha
        }

        ifd.AddShorts(TiffTag.SampleFormat, GeoTiffWriter.Repeat((ushort)TiffSampleFormat.UnsignedInteger, bands));
        GeoTiffWriter.AddGeoreferencing(ifd, options, bands);
        return ifd;
    }
}
