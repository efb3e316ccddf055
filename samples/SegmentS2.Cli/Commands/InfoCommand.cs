using System.CommandLine;
using System.Text.Json;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// <c>segment-s2 info &lt;path-or-url&gt; --json [--checksum] [--window X Y W H]</c>: describes a
/// GeoTIFF as one JSON object, optionally with the SHA-256 of each band's pixels.
/// </summary>
public static class InfoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var source = new Argument<string>("path-or-url") { Description = "A GeoTIFF file path or an http(s) URL." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (the only output format)." };
        var checksum = new Option<bool>("--checksum") { Description = "Add bandSha256: SHA-256 of each band's full-resolution pixels (row-major, little-endian, native type)." };
        var window = new Option<int[]>("--window")
        {
            Description = "Limit the checksums to the pixel window X Y W H (only the tiles it touches are read).",
            Arity = new ArgumentArity(4, 4),
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new Command("info", "Describe a GeoTIFF: size, type, CRS, geotransform, nodata, layout, overviews.")
        {
            source, json, checksum, window,
        };

        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(
            parseResult,
            (output, ct) => RunAsync(
                parseResult.GetRequiredValue(source), parseResult.GetValue(checksum), parseResult.GetValue(window), output, ct),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string pathOrUrl, bool checksum, int[]? windowValues, TextWriter output, CancellationToken ct)
    {
        await using GeoTiffReader reader = await RasterSourceOpener.OpenAsync(pathOrUrl, ct).ConfigureAwait(false);
        GeoTiffImage image = reader.Image;
        string[]? hashes = null;
        if (checksum)
        {
            PixelWindow window = windowValues is { Length: 4 } w
                ? new PixelWindow(w[0], w[1], w[2], w[3])
                : new PixelWindow(0, 0, image.Width, image.Height);
            hashes = await BandChecksums.ComputeAsync(image, window, ct).ConfigureAwait(false);
        }

        await output.WriteLineAsync(ToJson(reader, hashes)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The JSON object issue 2 specifies, keys in its order.</summary>
    public static string ToJson(GeoTiffReader reader, IReadOnlyList<string>? bandSha256)
    {
        GeoTiffImage image = reader.Image;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("width", image.Width);
            w.WriteNumber("height", image.Height);
            w.WriteNumber("bandCount", image.BandCount);
            w.WriteString("dataType", image.DataType.ToString());
            if (image.Epsg is { } epsg)
            {
                w.WriteNumber("epsg", epsg);
            }
            else
            {
                w.WriteNull("epsg");
            }

            w.WritePropertyName("geoTransform");
            if (image.GeoTransform is { } gt)
            {
                w.WriteStartArray();
                foreach (double v in gt.ToArray())
                {
                    w.WriteNumberValue(v);
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteNullValue();
            }

            w.WritePropertyName("noData");
            WriteNoData(w, image.NoData);
            w.WriteString("compression", image.CompressionName);
            w.WriteNumber("predictor", image.Predictor);
            w.WriteBoolean("tiled", image.IsTiled);
            w.WriteNumber("blockWidth", image.BlockWidth);
            w.WriteNumber("blockHeight", image.BlockHeight);
            w.WriteString("planarConfig", image.PlanarConfiguration == TiffPlanarConfiguration.Contiguous ? "contig" : "separate");
            w.WriteStartArray("overviews");
            foreach (GeoTiffImage overview in reader.Overviews)
            {
                w.WriteStartArray();
                w.WriteNumberValue(overview.Width);
                w.WriteNumberValue(overview.Height);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            if (bandSha256 is not null)
            {
                w.WriteStartArray("bandSha256");
                foreach (string hash in bandSha256)
                {
                    w.WriteStringValue(hash);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNoData(Utf8JsonWriter w, double? noData)
    {
        switch (noData)
        {
            case null:
                w.WriteNullValue();
                break;
            case double v when double.IsNaN(v):
                w.WriteStringValue("nan");
                break;
            case double v when double.IsPositiveInfinity(v):
                w.WriteStringValue("inf");
                break;
            case double v when double.IsNegativeInfinity(v):
                w.WriteStringValue("-inf");
                break;
            case double v:
                w.WriteNumberValue(v);
                break;
        }
    }
}
