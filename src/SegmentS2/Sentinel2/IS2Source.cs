namespace SegmentS2.Sentinel2;

/// <summary>
/// A place Sentinel-2 L2A scenes come from: a STAC API (Planetary Computer, Earth Search) or local
/// files. Finds the scenes of a region and time range and opens one for windowed reading.
/// </summary>
public interface IS2Source
{
    /// <summary>A short name for logs and errors ("planetary-computer", "earth-search", "local").</summary>
    string Name { get; }

    /// <summary>Finds the scenes (acquisitions; several MGRS tiles of one acquisition form one scene) matching the request.</summary>
    Task<IReadOnlyList<S2Scene>> SearchAsync(S2SearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a scene as a 10 m raster over the region of interest. Nothing but headers is read
    /// here; pixels are read window by window.
    /// </summary>
    Task<IS2SceneRaster> OpenAsync(S2Scene scene, S2ReadRequest request, CancellationToken cancellationToken = default);
}
