using System.Globalization;
using System.Xml;

namespace SegmentS2.GeoTiff.GeoKeys;

/// <summary>
/// The per-band items of GDAL's XML metadata tag (42112) that change how pixels are read or named:
/// scale, offset and description.
/// </summary>
/// <param name="Scales">Scale per band (1 where unset); null when no band has one.</param>
/// <param name="Offsets">Offset per band (0 where unset); null when no band has one.</param>
/// <param name="Descriptions">Description per band; null entries where unset.</param>
internal sealed record GdalMetadata(double[]? Scales, double[]? Offsets, string?[] Descriptions)
{
    /// <summary>Largest metadata document accepted, in characters.</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>Metadata with nothing set for <paramref name="bandCount"/> bands.</summary>
    public static GdalMetadata Empty(int bandCount) => new(null, null, new string?[bandCount]);

    /// <summary>
    /// Parses the XML. Malformed XML is ignored, as GDAL ignores it (with a warning), rather than
    /// making the pixels unreadable.
    /// </summary>
    public static GdalMetadata Parse(string xml, int bandCount)
    {
        double[]? scales = null, offsets = null;
        var descriptions = new string?[bandCount];
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxLength,
            IgnoreComments = true,
        };

        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element || reader.Name != "Item" || reader.GetAttribute("domain") is { Length: > 0 }
                    || reader.GetAttribute("role") is not { } role
                    || !int.TryParse(reader.GetAttribute("sample"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int band)
                    || band < 0 || band >= bandCount)
                {
                    reader.Read();
                    continue;
                }

                // Reading the content moves the reader past the element, onto the next node. GDAL escapes values
                // twice (CPLEscapeString, then the XML writer), so one more unescape gives the text it was given.
                string value = UnescapeOnce(reader.ReadElementContentAsString());
                switch (role)
                {
                    case "scale" when TryNumber(value, out double s):
                        (scales ??= Filled(bandCount, 1.0))[band] = s;
                        break;
                    case "offset" when TryNumber(value, out double o):
                        (offsets ??= Filled(bandCount, 0.0))[band] = o;
                        break;
                    case "description":
                        descriptions[band] = value;
                        break;
                }
            }
        }
        catch (XmlException)
        {
            return Empty(bandCount);
        }

        return new GdalMetadata(scales, offsets, descriptions);
    }

    /// <summary>Undoes GDAL's CPLEscapeString(CPLES_XML): &amp;lt; &amp;gt; &amp;quot; &amp;apos; &amp;amp; and numeric references; anything else stays.</summary>
    internal static string UnescapeOnce(string text)
    {
        int amp = text.IndexOf('&', StringComparison.Ordinal);
        if (amp < 0)
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length);
        sb.Append(text, 0, amp);
        for (int i = amp; i < text.Length; i++)
        {
            int semi = text[i] == '&' ? text.IndexOf(';', i + 1) : -1;
            string? replacement = semi < 0 || semi - i > 10 ? null : text[(i + 1)..semi] switch
            {
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                "amp" => "&",
                ['#', 'x' or 'X', .. var hex] when int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int h) && IsCodePoint(h) => char.ConvertFromUtf32(h),
                ['#', .. var dec] when int.TryParse(dec, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && IsCodePoint(d) => char.ConvertFromUtf32(d),
                _ => null,
            };
            if (replacement is null)
            {
                sb.Append(text[i]);
                continue;
            }

            sb.Append(replacement);
            i = semi;
        }

        return sb.ToString();
    }

    private static bool IsCodePoint(int value) => value is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF);

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static double[] Filled(int n, double value)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }
}
