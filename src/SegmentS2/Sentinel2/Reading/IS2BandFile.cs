using SegmentS2.Raster;

namespace SegmentS2.Sentinel2.Reading;

/// <summary>
/// One single-band georeferenced raster file of a scene (a COG of one band of one MGRS tile),
/// opened with its header read, readable window by window as unsigned 16-bit DNs.
/// </summary>
internal interface IS2BandFile : IAsyncDisposable
{
    /// <summary>The file's path, or its URL without query, for messages.</summary>
    string Name { get; }

    /// <summary>Width in pixels.</summary>
    int Width { get; }

    /// <summary>Height in pixels.</summary>
    int Height { get; }

    /// <summary>Width of the file's internal tiles (or the image width for strips).</summary>
    int BlockWidth { get; }

    /// <summary>Height of the file's internal tiles (or the strip height).</summary>
    int BlockHeight { get; }

    /// <summary>EPSG code of the file's CRS.</summary>
    int Epsg { get; }

    /// <summary>The file's geotransform (north-up).</summary>
    GeoTransform GeoTransform { get; }

    /// <summary>Bytes fetched from storage so far.</summary>
    long BytesRead { get; }

    /// <summary>Reads a window (inside the file) row by row into <paramref name="destination"/>.</summary>
    ValueTask ReadAsync(PixelWindow window, Memory<ushort> destination, CancellationToken cancellationToken);
}
