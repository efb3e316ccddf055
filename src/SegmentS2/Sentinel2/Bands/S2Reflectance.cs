using System.Globalization;

namespace SegmentS2.Sentinel2.Bands;

/// <summary>
/// How a band's digital numbers (DN) become bottom-of-atmosphere reflectance:
/// reflectance = DN * scale + offset, with DN 0 as nodata.
/// <list type="bullet">
/// <item>Processing baseline 04.00 and later (from 2022-01-25) store DN = reflectance * 10000 + 1000
/// (<c>BOA_ADD_OFFSET = -1000</c>), so the offset is -0.1; earlier baselines have none.</item>
/// <item>A catalogue that declares <c>raster:bands</c> scale and offset (Earth Search) is followed,
/// except when <c>earthsearch:boa_offset_applied</c> is true: then the DNs were already shifted
/// by -1000 when the COGs were made, and adding the declared -0.1 again would be wrong.</item>
/// <item><c>applyBoaOffset: false</c> reproduces the reference workflow, which never applies an offset.</item>
/// </list>
/// </summary>
public static class S2Reflectance
{
    /// <summary>Reflectance per DN of Level-2A products (1 / QUANTIFICATION_VALUE).</summary>
    public const double Scale = 1e-4;

    /// <summary>The BOA offset of processing baseline 04.00+, as reflectance (-1000 DN * 1e-4).</summary>
    public const double BoaOffset = -0.1;

    /// <summary>The first processing baseline with the BOA offset.</summary>
    public const double FirstOffsetBaseline = 4.0;

    /// <summary>True when a processing baseline (for example <c>04.00</c>, <c>05.09</c>) carries the BOA offset.</summary>
    public static bool HasBoaOffset(string? processingBaseline) =>
        TryParseBaseline(processingBaseline, out double baseline) && baseline >= FirstOffsetBaseline;

    /// <summary>Parses a processing baseline such as <c>04.00</c> or <c>N0400</c> into a number (4.0).</summary>
    public static bool TryParseBaseline(string? processingBaseline, out double baseline)
    {
        baseline = 0;
        if (string.IsNullOrWhiteSpace(processingBaseline))
        {
            return false;
        }

        var text = processingBaseline.Trim();
        if (text.Length == 5 && (text[0] == 'N' || text[0] == 'n') && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            baseline = n / 100.0;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out baseline) && double.IsFinite(baseline);
    }

    /// <summary>The DN-to-reflectance scaling of one band of an item.</summary>
    /// <param name="item">The item (its processing baseline and Earth Search flag decide the offset).</param>
    /// <param name="band">The band id (B04...).</param>
    /// <param name="asset">The band's asset (its declared scale and offset, if any).</param>
    /// <param name="applyBoaOffset">False to reproduce the reference workflow (no offset ever).</param>
    public static S2BandInfo BandInfo(S2Item item, string band, S2Asset? asset, bool applyBoaOffset)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (S2Bands.IsClassBand(band))
        {
            // Classes, not reflectance.
            return new S2BandInfo(band, 1, 0);
        }

        double scale = asset?.Scale is double s && s > 0 && double.IsFinite(s) ? s : Scale;
        if (!applyBoaOffset || item.BoaOffsetApplied)
        {
            return new S2BandInfo(band, scale, 0);
        }

        if (asset?.Offset is double declared && double.IsFinite(declared))
        {
            return new S2BandInfo(band, scale, declared);
        }

        return new S2BandInfo(band, scale, HasBoaOffset(item.ProcessingBaseline) ? BoaOffset : 0);
    }

    /// <summary>
    /// Converts DNs to reflectance in place: value * scale + offset, leaving nodata (0) as <paramref name="noDataValue"/>.
    /// </summary>
    public static void ToReflectance(Span<float> values, S2BandInfo band, float noDataValue = float.NaN)
    {
        float scale = (float)band.Scale, offset = (float)band.Offset;
        for (int i = 0; i < values.Length; i++)
        {
            float dn = values[i];
            values[i] = dn == 0 ? noDataValue : dn * scale + offset;
        }
    }
}
