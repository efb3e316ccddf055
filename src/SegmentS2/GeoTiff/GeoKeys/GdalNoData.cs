using System.Globalization;

namespace SegmentS2.GeoTiff.GeoKeys;

/// <summary>Parses and formats the GDAL_NODATA tag (42113): the nodata value as text, "nan" included.</summary>
internal static class GdalNoData
{
    /// <summary>The value, or null when the text is not a number.</summary>
    public static double? Parse(string text)
    {
        string t = text.Trim().TrimEnd('\0').Trim();
        if (t.Length == 0)
        {
            return null;
        }

        string lower = t.ToLowerInvariant();
        if (lower is "nan" or "-nan" or "+nan" or "1.#qnan" or "-1.#ind")
        {
            return double.NaN;
        }

        if (lower is "inf" or "+inf" or "infinity" or "+infinity" or "1.#inf")
        {
            return double.PositiveInfinity;
        }

        if (lower is "-inf" or "-infinity" or "-1.#inf")
        {
            return double.NegativeInfinity;
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;
    }

    /// <summary>The tag text GDAL writes: "nan", "inf", integers without a fraction, others round-trippable.</summary>
    public static string Format(double value) => value switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when value == Math.Floor(value) && Math.Abs(value) < 1e17 => value.ToString("F0", CultureInfo.InvariantCulture),
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
