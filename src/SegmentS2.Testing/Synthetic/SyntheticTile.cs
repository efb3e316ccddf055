using SegmentS2.Raster;

namespace SegmentS2.Testing.Synthetic;

/// <summary>One MGRS tile of a synthetic scene and its band files.</summary>
/// <param name="MgrsTile">Tile name, for example <c>31UDQ</c>.</param>
/// <param name="Epsg">UTM EPSG code.</param>
/// <param name="Transform">Geotransform of the tile's 10 m-class grid.</param>
/// <param name="Size">Tile width and height in 10 m-class pixels.</param>
/// <param name="CloudCover">Cloud cover percentage written to the items.</param>
/// <param name="Bands">Band files by band id.</param>
public sealed record SyntheticTile(string MgrsTile, int Epsg, GeoTransform Transform, int Size, double CloudCover, IReadOnlyDictionary<string, SyntheticBandFile> Bands);
