using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;
using SegmentS2.Sentinel2.Bands;
using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Sentinel2.Output;

/// <summary>
/// Saves a window of an opened scene as the workflow's <c>s2_raster</c>: a tiled GeoTIFF compressed with
/// ZSTD level 1 and a predictor, in the grid's UTM CRS, one band per requested band (described B04, B03..., with its STAC common name and native resolution as band metadata), as UInt16 DNs
/// (nodata 0, GDAL scale/offset per band) or Float32 reflectance (nodata NaN). The window is read in
/// strips of one tile row, so a large window never sits in memory whole; the file appears only
/// once complete (the writer writes a temporary file and moves it into place).
/// </summary>
public static class S2RasterWriter
{
    private const int TileSize = 512;

    // ZSTD level 1 writes imagery about 7 times faster than DEFLATE level 6 for a file about 4% larger
    // (measured in benchmarks/README.md); GDAL reads ZSTD GeoTIFFs since 2.3.
    private const GeoTiffWriteCompression Compression = GeoTiffWriteCompression.Zstd;
    private const int CompressionLevel = 1;

    /// <summary>Writes <paramref name="window"/> of <paramref name="raster"/> to <paramref name="path"/>.</summary>
    /// <param name="raster">The opened scene.</param>
    /// <param name="window">The window of the scene's grid to save.</param>
    /// <param name="path">Destination GeoTIFF.</param>
    /// <param name="format">DNs or reflectance.</param>
    /// <param name="progress">Receives the fraction written (0..1).</param>
    /// <param name="cancellationToken">Cancels the write; nothing is left behind.</param>
    /// <exception cref="S2ReadException">The window is not inside the grid, or a read fails.</exception>
    public static async Task WriteAsync(IS2SceneRaster raster, PixelWindow window, string path, S2RasterFormat format = S2RasterFormat.DigitalNumbers,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(raster);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (window.IsEmpty || !window.IsInside(raster.Width, raster.Height))
        {
            throw new S2ReadException($"Window {window} is not a non-empty window inside the scene's {raster.Width} x {raster.Height} grid.");
        }

        var bands = raster.Bands;
        bool dn = format == S2RasterFormat.DigitalNumbers;
        var options = new GeoTiffWriteOptions
        {
            Epsg = raster.Epsg,
            GeoTransform = raster.GeoTransform.ForWindow(window),
            NoData = dn ? 0 : double.NaN,
            BandDescriptions = bands.Select(b => (string?)b.Name).ToArray(),
            BandMetadata = bands.Select(BandItems).ToArray(),
            BandScales = dn ? bands.Select(b => S2Bands.IsClassBand(b.Name) ? (double?)null : b.Scale).ToArray() : null,
            BandOffsets = dn ? bands.Select(b => S2Bands.IsClassBand(b.Name) ? (double?)null : b.Offset).ToArray() : null,
            Metadata = new Dictionary<string, string>
            {
                ["S2_SCENE_ID"] = MetadataText(raster.Scene.Id),
                ["S2_DATETIME"] = raster.Scene.DateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
                ["S2_MGRS_TILES"] = MetadataText(string.Join(",", raster.Scene.MgrsTiles)),
                ["S2_PROCESSING_BASELINE"] = MetadataText(raster.Scene.ProcessingBaseline ?? string.Empty),
                ["S2_VALUES"] = dn ? "digital numbers; reflectance = DN * scale + offset" : "bottom-of-atmosphere reflectance",
            },
            TileSize = TileSize,
            Compression = Compression,
            CompressionLevel = CompressionLevel,
            Progress = progress,
        };

        var strips = new StripReader(raster, window, TileSize);
        try
        {
            if (dn)
            {
                await GeoTiffWriter.WriteAsync<ushort>(path, window.Width, window.Height, bands.Count, async (band, block, destination, ct) =>
                {
                    var strip = await strips.GetAsync(block.Row, ct).ConfigureAwait(false);
                    strip.CopyDigitalNumbers(band, block, destination.Span);
                }, options, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await GeoTiffWriter.WriteAsync<float>(path, window.Width, window.Height, bands.Count, async (band, block, destination, ct) =>
                {
                    var strip = await strips.GetAsync(block.Row, ct).ConfigureAwait(false);
                    var info = bands[band];
                    strip.CopyReflectance(band, block, destination.Span, S2Bands.IsClassBand(info.Name), (float)info.Scale, (float)info.Offset);
                }, options, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            strips.ReleaseAll();
        }
    }

    // Each band's STAC common name and native resolution, as band metadata GDAL lists under the band.
    private static IReadOnlyDictionary<string, string>? BandItems(S2BandInfo band)
    {
        if (!S2Bands.TryResolve(band.Name, out var id))
        {
            return null;
        }

        var items = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NATIVE_RESOLUTION_M"] = S2Bands.NativeResolutionOf(id).ToString(CultureInfo.InvariantCulture),
        };
        if (S2Bands.CommonNameOf(id) is { } common)
        {
            items["COMMON_NAME"] = common;
        }

        return items;
    }

    /// <summary>Reads the window one tile row (all bands) at a time; keeps the current strip only, and recycles its buffer.</summary>
    private sealed class StripReader(IS2SceneRaster raster, PixelWindow window, int stripHeight)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Dictionary<int, Task<Strip>> _strips = [];
        private readonly Stack<float[]> _free = new();

        public async Task<Strip> GetAsync(int row, CancellationToken cancellationToken)
        {
            int index = row / stripHeight;
            Task<Strip> task;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_strips.TryGetValue(index, out task!))
                {
                    task = LoadAsync(index, cancellationToken);
                    _strips[index] = task;
                    foreach (var old in _strips.Keys.Where(k => k < index).ToArray())
                    {
                        // Strips are tile rows, and the writer finishes one tile row before it asks for the next: no copy still reads it.
                        Release(_strips[old]);
                        _strips.Remove(old);
                    }
                }
            }
            finally
            {
                _gate.Release();
            }

            return await task.ConfigureAwait(false);
        }

        /// <summary>Drops every strip; call once the writer is done (or failed).</summary>
        public void ReleaseAll()
        {
            _strips.Clear();
            _free.Clear();
        }

        // Strips are recycled: a strip of a full tile is 67 MB and a scene a few dozen of them, all but the last the same size
        // (a shared pool would round each up to 128 MB and keep it per thread).
        private async Task<Strip> LoadAsync(int index, CancellationToken cancellationToken)
        {
            int row = index * stripHeight;
            var strip = new PixelWindow(window.Col, window.Row + row, window.Width, Math.Min(stripHeight, window.Height - row));
            int length = checked((int)(strip.PixelCount * raster.Bands.Count));
            float[]? data = null;
            lock (_free)
            {
                if (_free.TryPop(out var recycled) && recycled.Length >= length)
                {
                    data = recycled;
                }
            }

            data ??= new float[length];
            await raster.ReadAsync(strip, data.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return new Strip(row, strip.Width, strip.Height, data);
        }

        private void Release(Task<Strip> task)
        {
            if (task.IsCompletedSuccessfully)
            {
                lock (_free)
                {
                    _free.Push(task.Result.Data);
                }
            }
        }
    }

    private sealed record Strip(int Row, int Width, int Height, float[] Data)
    {
        public void CopyDigitalNumbers(int band, PixelWindow block, Span<ushort> destination)
        {
            for (int r = 0; r < block.Height; r++)
            {
                ToDigitalNumbers(Source(band, block, r), destination.Slice(r * block.Width, block.Width));
            }
        }

        // Reflectance = DN * scale + offset; DN 0 (nodata) becomes NaN; class bands keep their values.
        public void CopyReflectance(int band, PixelWindow block, Span<float> destination, bool classes, float scale, float offset)
        {
            for (int r = 0; r < block.Height; r++)
            {
                var source = Source(band, block, r);
                var target = destination.Slice(r * block.Width, block.Width);
                for (int c = 0; c < source.Length; c++)
                {
                    float v = source[c];
                    target[c] = v == 0 ? float.NaN : classes ? v : v * scale + offset;
                }
            }
        }

        // DNs rounded to the nearest integer (half to even) and saturated to UInt16. The scene raster's values are
        // finite (DNs, or bilinear blends of DNs). Runs once per tile row: compiled optimised from the first call.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ToDigitalNumbers(ReadOnlySpan<float> source, Span<ushort> target)
        {
            int c = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var max = new Vector<float>(ushort.MaxValue);
                for (; c <= source.Length - Vector<ushort>.Count; c += Vector<ushort>.Count)
                {
                    var low = Vector.ConvertToInt32(Vector.Min(Vector.Max(Vector.Round(new Vector<float>(source[c..])), Vector<float>.Zero), max));
                    var high = Vector.ConvertToInt32(Vector.Min(Vector.Max(Vector.Round(new Vector<float>(source[(c + Vector<float>.Count)..])), Vector<float>.Zero), max));
                    Vector.Narrow(Vector.AsVectorUInt32(low), Vector.AsVectorUInt32(high)).CopyTo(target[c..]);
                }
            }

            for (; c < source.Length; c++)
            {
                target[c] = (ushort)Math.Clamp(MathF.Round(source[c]), 0, ushort.MaxValue);
            }
        }

        private ReadOnlySpan<float> Source(int band, PixelWindow block, int r)
        {
            long plane = (long)Width * Height;
            return Data.AsSpan((int)(band * plane + (long)(block.Row - Row + r) * Width + block.Col), block.Width);
        }
    }

    // Catalogue text may hold what GDAL metadata (XML 1.0) cannot: control characters and unpaired surrogates become \uXXXX.
    private static string MetadataText(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            bool pair = char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                sb.Append(ch).Append(text[++i]);
            }
            else if ((char.IsControl(ch) && ch is not ('\t' or '\n' or '\r')) || char.IsSurrogate(ch))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:X4}");
            }
            else
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }
}
