using System.Globalization;

namespace SegmentS2.GeoTiff.Writing.Tiff;

/// <summary>Formats a nodata value for the GDAL_NODATA tag (42113) as GDAL does: "nan", "inf", integers without a fraction, others round-trippable.</summary>
internal static class GdalNoDataText
{
    public static string Format(double value) => value switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when value == Math.Floor(value) && Math.Abs(value) < 1e17 => value.ToString("F0", CultureInfo.InvariantCulture),
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
