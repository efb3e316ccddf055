using SegmentS2.GeoTiff.Writing;
using SegmentS2.Projection;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>Bad input gets a typed exception naming the offending value, before any file is created.</summary>
public sealed class GeoTiffWriterValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segments2-invalid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Wide enough that a row of 4096-pixel tiles of 2 UInt16 bands passes the 1 GiB strip limit.
    private const int Width = 70_000;

    public static TheoryData<GeoTiffWriteOptions, string> BadOptions => new()
    {
        { new() { TileSize = 100 }, "tile size 100" },
        { new() { TileSize = 0 }, "tile size 0" },
        { new() { TileSize = 8192 }, "tile size 8192" },
        { new() { NoData = 70000 }, "nodata value 70000" },
        { new() { NoData = 1.5 }, "nodata value 1.5" },
        { new() { NoData = double.NaN }, "nodata value NaN" },
        { new() { BandDescriptions = ["a", "b", "c"] }, "BandDescriptions has 3 entries for 2 bands" },
        { new() { BandScales = [1.0] }, "BandScales has 1 entries for 2 bands" },
        { new() { CompressionLevel = 12 }, "CompressionLevel 12" },
        { new() { Compression = GeoTiffWriteCompression.Lzw, CompressionLevel = 3 }, "CompressionLevel 3" },
        { new() { Predictor = GeoTiffWritePredictor.FloatingPoint }, "FloatingPoint predictor" },
        { new() { Compression = GeoTiffWriteCompression.None, Predictor = GeoTiffWritePredictor.Horizontal }, "Compression is None" },
        { new() { MaxDegreeOfParallelism = 0 }, "MaxDegreeOfParallelism 0" },
        { new() { OverviewCount = -1 }, "OverviewCount -1" },
        { new() { GeoTransform = new GeoTransform(0, 0, 0, 0, 0, -1) }, "geotransform" },
        { new() { GeoTransform = new GeoTransform(double.NaN, 1, 0, 0, 0, -1) }, "geotransform" },
        { new() { Compression = (GeoTiffWriteCompression)42 }, "Compression 42" },
        { new() { Metadata = new Dictionary<string, string> { [" "] = "x" } }, "metadata key ' '" },
        { new() { Metadata = new Dictionary<string, string> { ["A"] = "x\0y" } }, "A 'x\\0y' contains a control character" },
        { new() { BandDescriptions = ["red", "bell\a"] }, "band description 'bell\a' contains a control character" },
        { new() { TileSize = 4096 }, "use smaller tiles" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Bad_options_are_refused_by_name(GeoTiffWriteOptions options, string expected)
    {
        var ex = await Assert.ThrowsAsync<GeoTiffWriteException>(() =>
            GeoTiffWriter.WriteAsync<ushort>(Path.Combine(_dir, "x.tif"), Width, 10, 2, new ushort[Width * 20], options));
        Assert.Contains(expected, ex.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Theory]
    [InlineData(0, 10, 1, "size 0 x 10")]
    [InlineData(10, -3, 1, "size 10 x -3")]
    [InlineData(10, 10, 0, "band count 0")]
    public async Task Bad_sizes_are_refused_by_name(int width, int height, int bands, string expected)
    {
        var ex = await Assert.ThrowsAsync<GeoTiffWriteException>(() => GeoTiffWriter.WriteAsync<byte>(
            Path.Combine(_dir, "x.tif"), width, height, bands, (_, _, _, _) => ValueTask.CompletedTask, new GeoTiffWriteOptions()));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task Buffer_of_the_wrong_length_is_refused_with_both_lengths()
    {
        var ex = await Assert.ThrowsAsync<GeoTiffWriteException>(() =>
            GeoTiffWriter.WriteAsync<byte>(Path.Combine(_dir, "x.tif"), 10, 10, 3, new byte[299], new GeoTiffWriteOptions()));
        Assert.Contains("299", ex.Message);
        Assert.Contains("300", ex.Message);
    }

    [Fact]
    public async Task Unsupported_sample_type_is_refused_by_name()
    {
        var ex = await Assert.ThrowsAsync<GeoTiffWriteException>(() =>
            GeoTiffWriter.WriteAsync<long>(Path.Combine(_dir, "x.tif"), 2, 2, 1, new long[4], new GeoTiffWriteOptions()));
        Assert.Contains("Int64", ex.Message);
    }

    [Fact]
    public async Task Unknown_epsg_is_refused_by_code()
    {
        var ex = await Assert.ThrowsAsync<UnsupportedCrsException>(() =>
            GeoTiffWriter.WriteAsync<byte>(Path.Combine(_dir, "x.tif"), 2, 2, 1, new byte[4], new GeoTiffWriteOptions { Epsg = 2154 }));
        Assert.Contains("EPSG:2154", ex.Message);
    }

    [Fact]
    public async Task Missing_output_folder_is_refused_by_path()
    {
        string folder = Path.Combine(_dir, "does-not-exist");
        var ex = await Assert.ThrowsAsync<GeoTiffWriteException>(() =>
            GeoTiffWriter.WriteAsync<byte>(Path.Combine(folder, "x.tif"), 2, 2, 1, new byte[4], new GeoTiffWriteOptions()));
        Assert.Contains(folder, ex.Message);
    }

    [Fact]
    public async Task An_output_path_that_is_a_directory_is_refused_by_path_and_leaves_no_temporary_file()
    {
        string target = Path.Combine(_dir, "a-folder.tif");
        Directory.CreateDirectory(target);
        var ex = await Assert.ThrowsAsync<GeoTiffWriteException>(() =>
            GeoTiffWriter.WriteAsync<byte>(target, 2, 2, 1, new byte[4], new GeoTiffWriteOptions()));
        Assert.Contains($"'{target}' is a directory", ex.Message);
        Assert.Equal([target], Directory.EnumerateFileSystemEntries(_dir));
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public async Task Classic_tiff_that_would_pass_4_GiB_is_refused_when_BigTiff_is_Never()
    {
        // Uncompressed tiles have a known size, so the 4.3 GB file is refused before any tile is asked for.
        int calls = 0;
        var ex = await Assert.ThrowsAsync<GeoTiffWriteException>(() => GeoTiffWriter.WriteAsync<float>(
            Path.Combine(_dir, "huge.tif"), 32768, 32784, 1, (_, _, _, _) =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.CompletedTask;
            },
            new GeoTiffWriteOptions { Compression = GeoTiffWriteCompression.None, BigTiff = GeoTiffBigTiffMode.Never, TileSize = 4096 }));
        Assert.Contains("4 GiB", ex.Message);
        Assert.Equal(0, calls);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }
}
