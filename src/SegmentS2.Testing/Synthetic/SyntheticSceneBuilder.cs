using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;
using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Testing.Synthetic;

/// <summary>
/// Generates synthetic Sentinel-2 scenes: for each MGRS tile, one tiled, DEFLATE-compressed
/// cloud-optimised GeoTIFF per band at the band's native resolution (10, 20 or 60 m classes), with
/// pixels from <see cref="SyntheticPattern"/> and a nodata border. Small by default (600 x 600
/// pixels of 10 m, 256-pixel COG tiles) so tests stay fast.
/// </summary>
public sealed class SyntheticSceneBuilder
{
    private readonly string _folder;
    private readonly List<(string MgrsTile, int Epsg, double X0, double Y0, double Cloud)> _tiles = [];

    /// <summary>Creates a builder writing under <paramref name="folder"/> (created if missing).</summary>
    public SyntheticSceneBuilder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = folder;
    }

    /// <summary>Acquisition time. Default 2023-06-15 10:36:29 UTC.</summary>
    public DateTimeOffset DateTime { get; init; } = new(2023, 6, 15, 10, 36, 29, TimeSpan.Zero);

    /// <summary>Platform. Default <c>sentinel-2a</c>.</summary>
    public string Platform { get; init; } = "sentinel-2a";

    /// <summary>Relative orbit. Default 8.</summary>
    public int RelativeOrbit { get; init; } = 8;

    /// <summary>Processing baseline. Default <c>05.09</c> (with the BOA offset).</summary>
    public string ProcessingBaseline { get; init; } = "05.09";

    /// <summary>Bands generated. Default B02, B03, B04, B08, B05, B8A, B01, SCL.</summary>
    public IReadOnlyList<string> Bands { get; init; } = ["B02", "B03", "B04", "B08", "B05", "B8A", "B01", "SCL"];

    /// <summary>Tile width and height in 10 m-class pixels; a multiple of 6 so 20 m and 60 m bands divide it. Default 600.</summary>
    public int TileSize { get; init; } = 600;

    /// <summary>Metres per 10 m-class pixel. Default 10.</summary>
    public double PixelSize { get; init; } = 10;

    /// <summary>Internal COG tile size. Default 256.</summary>
    public int CogTileSize { get; init; } = 256;

    /// <summary>Nodata border in 10 m-class pixels (a multiple of 6). Default 12.</summary>
    public int Border { get; init; } = 12;

    /// <summary>Adds a tile whose upper-left corner is (<paramref name="x0"/>, <paramref name="y0"/>) in <paramref name="epsg"/>.</summary>
    public SyntheticSceneBuilder AddTile(string mgrsTile, int epsg, double x0, double y0, double cloudCover = 5)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mgrsTile);
        _tiles.Add((mgrsTile, epsg, x0, y0, cloudCover));
        return this;
    }

    /// <summary>Writes every band of every tile and describes the scene.</summary>
    public async Task<SyntheticScene> BuildAsync(CancellationToken cancellationToken = default)
    {
        if (_tiles.Count == 0 || TileSize % 6 != 0 || Border % 6 != 0 || TileSize <= 2 * Border)
        {
            throw new ArgumentException("Add at least one tile; TileSize and Border must be multiples of 6 and TileSize above twice the border.");
        }

        Directory.CreateDirectory(_folder);
        var tiles = new List<SyntheticTile>();
        for (int t = 0; t < _tiles.Count; t++)
        {
            var (mgrs, epsg, x0, y0, cloud) = _tiles[t];
            var files = new Dictionary<string, SyntheticBandFile>(StringComparer.Ordinal);
            foreach (var band in S2Bands.ResolveAll(Bands).Distinct())
            {
                int factor = S2Bands.NativeResolutionOf(band) / 10;
                int size = TileSize / factor;
                var transform = new GeoTransform(x0, PixelSize * factor, 0, y0, 0, -PixelSize * factor);
                var file = new SyntheticBandFile(band, Path.Combine(_folder, $"T{mgrs}_{DateTime.UtcDateTime:yyyyMMdd}_{band}.tif"), size, size, transform, Border / factor, t + 1);
                await WriteCogAsync(file, epsg, cancellationToken).ConfigureAwait(false);
                files[band] = file;
            }

            tiles.Add(new SyntheticTile(mgrs, epsg, new GeoTransform(x0, PixelSize, 0, y0, 0, -PixelSize), TileSize, cloud, files));
        }

        return new SyntheticScene(DateTime, Platform, RelativeOrbit, ProcessingBaseline, tiles);
    }

    // The one place synthetic files are written.
    private async Task WriteCogAsync(SyntheticBandFile file, int epsg, CancellationToken cancellationToken)
    {
        var options = new GeoTiffWriteOptions
        {
            Epsg = epsg,
            GeoTransform = file.Transform,
            NoData = 0,
            BandDescriptions = [file.Band],
            TileSize = CogTileSize,
            Cog = true,
            OverviewResampling = GeoTiffOverviewResampling.Nearest,
        };
        if (S2Bands.IsClassBand(file.Band))
        {
            var classes = new byte[file.Width * file.Height];
            for (int r = 0; r < file.Height; r++)
            {
                for (int c = 0; c < file.Width; c++)
                {
                    classes[r * file.Width + c] = (byte)file.ValueAt(c, r);
                }
            }

            await GeoTiffWriter.WriteAsync<byte>(file.Path, file.Width, file.Height, 1, classes, options, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pixels = new ushort[file.Width * file.Height];
        for (int r = 0; r < file.Height; r++)
        {
            for (int c = 0; c < file.Width; c++)
            {
                pixels[r * file.Width + c] = file.ValueAt(c, r);
            }
        }

        await GeoTiffWriter.WriteAsync<ushort>(file.Path, file.Width, file.Height, 1, pixels, options, cancellationToken).ConfigureAwait(false);
    }
}
