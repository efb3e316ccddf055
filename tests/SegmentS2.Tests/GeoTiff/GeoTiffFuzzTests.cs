using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using SegmentS2.Tests.GeoTiff.Fuzzing;
using Xunit.Abstractions;

namespace SegmentS2.Tests.GeoTiff;

/// <summary>
/// Seeded mutation fuzzing of GDAL-generated TIFFs (<see cref="TiffFuzzRunner"/>) plus targeted decompression bombs.
/// CI runs <see cref="DefaultIterations"/> inputs; set SEGMENTS2_FUZZ_ITERATIONS for a longer run. The real-world
/// seeds (third-party files the repository does not ship) are fuzzed by the real-data test project.
/// </summary>
[Collection(GdalCorpusCollection.Name)]
public class GeoTiffFuzzTests(GdalCorpusFixture corpus, ITestOutputHelper output)
{
    public const int DefaultIterations = 12_000;
    private const int Seed = 20_260_301;

    private static readonly string[] CorpusSeeds =
    [
        "fuzz_uint16_deflate_p2_tiled", "fuzz_byte_lzw_p2_strips", "fuzz_int16_packbits_separate", "fuzz_float32_zstd_p3_tiled",
        "fuzz_float64_none_be_bigtiff", "fuzz_int32_lzw_pixel_overviews", "fuzz_uint16_deflate_sparse",
    ];

    [Fact]
    public Task Mutated_tiffs_only_ever_fail_with_typed_errors() =>
        TiffFuzzRunner.RunAsync(CorpusSeeds.Select(s => File.ReadAllBytes(corpus.PathOf(s))).ToArray(), TiffFuzzRunner.Iterations(DefaultIterations), Seed, output);

    [Fact]
    public async Task A_deflate_block_inflating_past_its_size_is_a_format_error()
    {
        byte[] seed = File.ReadAllBytes(corpus.PathOf("fuzz_uint16_deflate_p2_tiled"));
        var layout = TiffLayout.Parse(seed);
        var offsets = layout.Entries.First(e => e.Tag == 324);
        var counts = layout.Entries.First(e => e.Tag == 325);
        byte[] bomb;
        using (var zlibOutput = new MemoryStream())
        {
            using (var zlib = new System.IO.Compression.ZLibStream(zlibOutput, System.IO.Compression.CompressionLevel.SmallestSize))
            {
                zlib.Write(new byte[1 << 20]);
            }

            bomb = zlibOutput.ToArray();
        }

        byte[] data = [.. seed, .. bomb];
        layout.Write(data, offsets.ValuePosition, offsets.ValueSize, (ulong)seed.Length);
        layout.Write(data, counts.ValuePosition, counts.ValueSize, (ulong)bomb.Length);

        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(new MemoryStream(data));
        var ex = await Assert.ThrowsAsync<GeoTiffFormatException>(() =>
            reader.Image.ReadWindowAsync(0, new PixelWindow(0, 0, 16, 16), new byte[512]).AsTask());
        Assert.Contains("tile 0", ex.Message);
        Assert.Contains("decodes to more than the block's declared", ex.Message);
    }

    [Fact]
    public async Task A_deflate_block_decoding_to_fewer_bytes_than_its_tile_is_a_format_error()
    {
        // A valid zlib stream of 100 bytes where a whole tile is due: the reader must not use the stale rest of its buffer.
        byte[] seed = File.ReadAllBytes(corpus.PathOf("fuzz_uint16_deflate_p2_tiled"));
        var layout = TiffLayout.Parse(seed);
        var offsets = layout.Entries.First(e => e.Tag == 324);
        var counts = layout.Entries.First(e => e.Tag == 325);
        byte[] shortTile = Compression.ZlibReference.Compress(new byte[100], System.IO.Compression.CompressionLevel.Optimal);

        byte[] data = [.. seed, .. shortTile];
        layout.Write(data, offsets.ValuePosition, offsets.ValueSize, (ulong)seed.Length);
        layout.Write(data, counts.ValuePosition, counts.ValueSize, (ulong)shortTile.Length);

        await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(new MemoryStream(data));
        var ex = await Assert.ThrowsAsync<GeoTiffFormatException>(() =>
            reader.Image.ReadWindowAsync(0, new PixelWindow(0, 0, 16, 16), new byte[512]).AsTask());
        Assert.Contains("tile 0", ex.Message);
        Assert.Contains("decodes to 100 bytes;", ex.Message);
    }
}
