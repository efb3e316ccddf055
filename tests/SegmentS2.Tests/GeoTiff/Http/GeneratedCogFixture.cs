using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;
using SegmentS2.Tests.GeoTiff.Writing;

namespace SegmentS2.Tests.GeoTiff.Http;

/// <summary>A 4096 x 4096 UInt16 DEFLATE COG (512-pixel tiles, overviews) written once for the HTTP tests, and its pixels.</summary>
public sealed class GeneratedCogFixture : IAsyncLifetime
{
    public const int Size = 4096;

    private readonly string _dir = Directory.CreateTempSubdirectory("segments2-generated-cog-").FullName;

    public string Path => System.IO.Path.Combine(_dir, "generated-4096.tif");

    public ushort[] Pixels { get; } = TestRasters.Generate<ushort>(Size, Size, 1, seed: 99);

    public Task InitializeAsync() => GeoTiffWriter.WriteAsync<ushort>(Path, Size, Size, 1, Pixels, new GeoTiffWriteOptions
    {
        Epsg = 32629, GeoTransform = new GeoTransform(300000, 10, 0, 3400000, 0, -10), NoData = 0, Cog = true,
    });

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
