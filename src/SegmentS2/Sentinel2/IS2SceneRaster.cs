using SegmentS2.Raster;

namespace SegmentS2.Sentinel2;

/// <summary>
/// One scene opened for reading: a north-up 10 m grid in one UTM CRS (the zone of the tile covering
/// most of the region of interest) spanning the full extent of all the scene's tiles, mosaicked, so
/// that a window around the ROI can grow beyond it. Read lazily window by window: only the COG tiles
/// a window needs are fetched. <c>S2RoiWindow.Of</c> gives the ROI's window. Thread-safe.
/// </summary>
public interface IS2SceneRaster : IAsyncDisposable
{
    /// <summary>The scene.</summary>
    S2Scene Scene { get; }

    /// <summary>EPSG code of the grid (WGS 84 / UTM).</summary>
    int Epsg { get; }

    /// <summary>Geotransform of the grid.</summary>
    GeoTransform GeoTransform { get; }

    /// <summary>Grid width in pixels.</summary>
    int Width { get; }

    /// <summary>Grid height in pixels.</summary>
    int Height { get; }

    /// <summary>The bands read, in order, with their DN-to-reflectance scaling.</summary>
    IReadOnlyList<S2BandInfo> Bands { get; }

    /// <summary>
    /// Reads a window of every band as digital numbers (DN, as stored; 0 is nodata), band-sequential:
    /// band b's row r starts at <c>(b * window.Height + r) * window.Width</c>.
    /// </summary>
    ValueTask ReadAsync(PixelWindow window, Memory<float> destination, CancellationToken cancellationToken = default);

    /// <summary>Compressed bytes fetched so far (all files of the scene).</summary>
    long BytesRead { get; }
}
