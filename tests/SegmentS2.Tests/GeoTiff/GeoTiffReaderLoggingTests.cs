using Microsoft.Extensions.Logging;
using NetTopologySuite.IO;
using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.GeoTiff.GeoKeys;
using SegmentS2.Raster;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Testing.Demo;
using SegmentS2.Tests.Sentinel2;

namespace SegmentS2.Tests.GeoTiff;

/// <summary>
/// What the reader tolerates (here: a GDAL_METADATA tag over <see cref="GdalMetadata.MaxLength"/>, skipped) is logged to
/// the logger given to <c>OpenAsync</c>, and the sources pass theirs, so a user's logs show it. Loggers are arguments,
/// never options.
/// </summary>
public sealed class GeoTiffReaderLoggingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("segment-s2-reader-logging-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static GeoTiffWriteOptions WithOversizedMetadata(GeoTiffWriteOptions options) =>
        options with { Metadata = new Dictionary<string, string> { ["NOTE"] = new string('x', GdalMetadata.MaxLength + 1000) } };

    [Fact]
    public async Task An_oversized_gdal_metadata_tag_is_skipped_with_a_warning_to_the_given_logger()
    {
        string path = Path.Combine(_root, "big-metadata.tif");
        var pixels = Enumerable.Range(0, 16 * 16).Select(i => (ushort)(i * 7)).ToArray();
        await GeoTiffWriter.WriteAsync<ushort>(path, 16, 16, 1, pixels, WithOversizedMetadata(new GeoTiffWriteOptions { Epsg = 32633, GeoTransform = new GeoTransform(500000, 10, 0, 4000000, 0, -10) }));
        var log = new ListLogger();

        await using var reader = await GeoTiffReader.OpenAsync(path, GeoTiffReaderOptions.Default, log);

        var warning = Assert.Single(log.Messages);
        Assert.StartsWith("Ignoring GDAL_METADATA of ", warning, StringComparison.Ordinal);
        Assert.Contains($"at most {GdalMetadata.MaxLength} are read", warning, StringComparison.Ordinal);
        var read = new ushort[16 * 16];
        await reader.Image.ReadWindowAsync(0, new PixelWindow(0, 0, 16, 16), read.AsMemory());
        Assert.Equal(pixels, read);
    }

    [Fact]
    public async Task The_local_source_passes_its_logger_to_the_band_files_it_opens()
    {
        var scene = DemoScene.Create(1024);
        string item = await scene.WriteAsync(Path.Combine(_root, "scene"));
        // B04 again, same pixels and grid, now with an oversized GDAL_METADATA tag.
        int plane = scene.Size * scene.Size, b04 = DemoScene.Bands.ToList().IndexOf("B04");
        await GeoTiffWriter.WriteAsync<ushort>(Path.Combine(_root, "scene", "B04.tif"), scene.Size, scene.Size, 1, scene.DigitalNumbers.AsMemory(b04 * plane, plane),
            WithOversizedMetadata(new GeoTiffWriteOptions { Epsg = DemoScene.Epsg, GeoTransform = scene.GeoTransform, NoData = 0, BandDescriptions = ["B04"], Cog = true }));
        var log = new ListLogger();
        using var factory = LoggerFactory.Create(b => b.AddProvider(log));
        var source = new LocalFilesSource(new LocalFilesOptions { Paths = [item] }, factory.CreateLogger<LocalFilesSource>());
        var roi = new WKTReader().Read(scene.RoiWkt());

        var found = Assert.Single(await source.SearchAsync(new S2SearchRequest(roi, DemoScene.DateTime.AddDays(-1), DemoScene.DateTime.AddDays(1))));
        await using var raster = await source.OpenAsync(found, new S2ReadRequest(roi, ["R", "G", "B"]));

        Assert.Contains(log.Messages, m => m.StartsWith("Ignoring GDAL_METADATA of ", StringComparison.Ordinal));
    }
}
