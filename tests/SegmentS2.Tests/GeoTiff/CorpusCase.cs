namespace SegmentS2.Tests.GeoTiff;

/// <summary>One file of the GDAL-generated corpus: how gdal_oracle.py writes it.</summary>
/// <param name="Name">File name without extension; unique.</param>
/// <param name="Type">Byte, SByte, UInt16, Int16, UInt32, Int32, Float32 or Float64.</param>
/// <param name="Options">GDAL creation options.</param>
/// <param name="Driver">GTiff or COG.</param>
/// <param name="Bands">Band count.</param>
/// <param name="Epsg">CRS, or null for none.</param>
/// <param name="GeoTransform">Geotransform, or null for none.</param>
/// <param name="NoData">Nodata as text ("nan" allowed), or null.</param>
/// <param name="Point">Write AREA_OR_POINT=Point (RasterPixelIsPoint).</param>
/// <param name="Sparse">Write only the left half of the blocks (SPARSE_OK).</param>
/// <param name="OverviewLevels">Internal overviews to build after writing.</param>
/// <param name="Scale">Per-band scale.</param>
/// <param name="Offset">Per-band offset.</param>
/// <param name="Descriptions">Per-band descriptions.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Bits">1 for bilevel pixels (0 and 1, written with NBITS=1); null for the type's full range.</param>
public sealed record CorpusCase(
    string Name,
    string Type,
    string[] Options,
    string Driver = "GTiff",
    int Bands = 1,
    int? Epsg = 32629,
    double[]? GeoTransform = null,
    string? NoData = null,
    bool Point = false,
    bool Sparse = false,
    int[]? OverviewLevels = null,
    double[]? Scale = null,
    double[]? Offset = null,
    string[]? Descriptions = null,
    int Width = 300,
    int Height = 200,
    int? Bits = null)
{
    /// <summary>A UTM 29N geotransform with 10 m pixels.</summary>
    public static readonly double[] Utm = [500000, 10, 0, 4000020, 0, -10];

    public override string ToString() => Name;
}
