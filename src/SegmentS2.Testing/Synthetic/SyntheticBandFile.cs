using SegmentS2.Raster;

namespace SegmentS2.Testing.Synthetic;

/// <summary>One generated band COG of a synthetic tile.</summary>
/// <param name="Band">Band id (B04...).</param>
/// <param name="Path">Where the COG is on disk.</param>
/// <param name="Width">Width in pixels (native resolution).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Transform">Geotransform.</param>
/// <param name="Border">Nodata border width in pixels.</param>
/// <param name="TileSalt">The tile's salt in <see cref="SyntheticPattern.Value"/>.</param>
public sealed record SyntheticBandFile(string Band, string Path, int Width, int Height, GeoTransform Transform, int Border, int TileSalt)
{
    /// <summary>The DN this file holds at (col, row).</summary>
    public ushort ValueAt(int col, int row) => SyntheticPattern.Value(Band, TileSalt, col, row, Width, Height, Border);
}
