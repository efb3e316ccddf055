using System.Globalization;
using System.Text;

namespace SegmentS2.GeoTiff.Writing.Tiff;

/// <summary>
/// Writes GDAL's GDAL_METADATA tag (42112) the way GDAL's GTiff driver does: dataset items as
/// <c>&lt;Item name="KEY"&gt;</c>, band items with <c>sample="i"</c> (0-based), and the band
/// description, scale and offset with their <c>role</c>, so that GDAL reports them as such. Values are
/// escaped twice and names once, exactly as GDAL does, so text with <c>&amp;</c> or <c>&lt;</c> survives.
/// </summary>
internal static class GdalMetadataXml
{
    /// <summary>The XML, or null when there is nothing to write.</summary>
    public static string? Build(GeoTiffWriteOptions options, int bandCount)
    {
        var sb = new StringBuilder();
        if (options.Metadata is { } dataset)
        {
            foreach (var (key, value) in dataset)
            {
                Item(sb, key, value, null, null);
            }
        }

        for (int band = 0; band < bandCount; band++)
        {
            if (options.BandMetadata is { } bandMetadata && bandMetadata[band] is { } items)
            {
                foreach (var (key, value) in items)
                {
                    Item(sb, key, value, band, null);
                }
            }

            if (options.BandDescriptions is { } descriptions && descriptions[band] is { } description)
            {
                Item(sb, "DESCRIPTION", description, band, "description");
            }

            if (options.BandOffsets is { } offsets && offsets[band] is { } offset)
            {
                Item(sb, "OFFSET", offset.ToString("R", CultureInfo.InvariantCulture), band, "offset");
            }

            if (options.BandScales is { } scales && scales[band] is { } scale)
            {
                Item(sb, "SCALE", scale.ToString("R", CultureInfo.InvariantCulture), band, "scale");
            }
        }

        return sb.Length == 0 ? null : "<GDALMetadata>\n" + sb + "</GDALMetadata>\n";
    }

    private static void Item(StringBuilder sb, string name, string value, int? sample, string? role)
    {
        sb.Append("  <Item name=\"").Append(Escape(name)).Append('"');
        if (sample is { } s)
        {
            sb.Append(" sample=\"").Append(s.ToString(CultureInfo.InvariantCulture)).Append('"');
        }

        if (role is not null)
        {
            sb.Append(" role=\"").Append(role).Append('"');
        }

        // GDAL escapes item values twice (once into its XML tree, once when serialising) and unescapes twice on reading.
        sb.Append('>').Append(Escape(Escape(value))).Append("</Item>\n");
    }

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
