using SegmentS2.Tests.GeoTiff.Fuzzing;
using Xunit.Abstractions;

namespace SegmentS2.SharedDataTests.GeoTiff;

/// <summary>
/// Seeded mutation fuzzing (<see cref="TiffFuzzRunner"/>) of real-world TIFFs from GDAL's test suite in ../shared/data:
/// odd layouts, byte orders, masks and overviews that no generated file has.
/// </summary>
public class RealWorldGeoTiffFuzzTests(ITestOutputHelper output)
{
    public const int DefaultIterations = 6_000;
    private const int Seed = 20_260_302;

    private static readonly string[] RealSeeds =
    [
        "byte.tif", "byte_zstd.tif", "int16.tif", "float64.tif", "seperate_strip.tif", "contig_tiled.tif",
        "bigtiff_one_block_be_long8.tif", "cog_strile_arrays_zeroified_when_possible.tif", "rgbsmall.tif", "test3_with_mask_1bit_and_ovr.tif",
    ];

    [Fact]
    public Task Mutated_real_world_tiffs_only_ever_fail_with_typed_errors() =>
        TiffFuzzRunner.RunAsync(RealSeeds.Select(s => File.ReadAllBytes(SharedData.Path("real-world", "geotiff", "gdal", s))).ToArray(),
            TiffFuzzRunner.Iterations(DefaultIterations), Seed, output);
}
