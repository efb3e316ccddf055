using System.Diagnostics;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using SegmentS2.Tests.GeoTiff.Fuzzing;
using SegmentS2.Tests.TestSupport;
using Xunit.Abstractions;

namespace SegmentS2.Tests.GeoTiff;

/// <summary>
/// Seeded mutation fuzzing: whatever a mutated TIFF holds, opening and reading it either succeeds or
/// throws <see cref="GeoTiffFormatException"/> / <see cref="UnsupportedGeoTiffException"/>, and never hangs.
/// CI runs <see cref="DefaultIterations"/> inputs; set SEGMENTS2_FUZZ_ITERATIONS for a longer run.
/// </summary>
[Collection(GdalCorpusCollection.Name)]
public class GeoTiffFuzzTests(GdalCorpusFixture corpus, ITestOutputHelper output)
{
    public const int DefaultIterations = 12_000;
    private const int Seed = 20_260_301;
    private static readonly TimeSpan PerInputTimeout = TimeSpan.FromSeconds(20);

    private static readonly string[] CorpusSeeds =
    [
        "fuzz_uint16_deflate_p2_tiled", "fuzz_byte_lzw_p2_strips", "fuzz_int16_packbits_separate", "fuzz_float32_zstd_p3_tiled",
        "fuzz_float64_none_be_bigtiff", "fuzz_int32_lzw_pixel_overviews", "fuzz_uint16_deflate_sparse",
    ];

    private static readonly string[] RealSeeds =
    [
        "byte.tif", "byte_zstd.tif", "int16.tif", "float64.tif", "seperate_strip.tif", "contig_tiled.tif",
        "bigtiff_one_block_be_long8.tif", "cog_strile_arrays_zeroified_when_possible.tif", "rgbsmall.tif", "test3_with_mask_1bit_and_ovr.tif",
    ];

    [Fact]
    public async Task Mutated_tiffs_only_ever_fail_with_typed_errors()
    {
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("SEGMENTS2_FUZZ_ITERATIONS"), out int n) && n > 0 ? n : DefaultIterations;
        byte[][] seeds =
        [
            .. CorpusSeeds.Select(s => File.ReadAllBytes(corpus.PathOf(s))),
            .. RealSeeds.Select(s => File.ReadAllBytes(SharedData.Path("real-world", "geotiff", "gdal", s))),
        ];
        TiffMutator[] mutators = seeds.Select(s => new TiffMutator(s)).ToArray();
        var random = new Random(Seed);
        var failures = new List<string>();
        int succeeded = 0, format = 0, unsupported = 0;
        var clock = Stopwatch.StartNew();

        for (int i = 0; i < iterations && failures.Count < 10; i++)
        {
            int seedIndex = random.Next(mutators.Length);
            (byte[] data, string description) = mutators[seedIndex].Mutate(random);
            Exception? outcome;
            try
            {
                outcome = await Task.Run(() => ReadEverythingAsync(data)).WaitAsync(PerInputTimeout);
            }
            catch (TimeoutException)
            {
                failures.Add($"#{i} seed {seedIndex} ({description}): no result in {PerInputTimeout.TotalSeconds} s");
                continue;
            }

            switch (outcome)
            {
                case null: succeeded++; break;
                case GeoTiffFormatException: format++; break;
                case UnsupportedGeoTiffException: unsupported++; break;
                case Exception ex: failures.Add($"#{i} seed {seedIndex} ({description}): {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}"); break;
            }
        }

        output.WriteLine($"{iterations} inputs in {clock.Elapsed.TotalSeconds:F1} s: {succeeded} read, {format} GeoTiffFormatException, {unsupported} UnsupportedGeoTiffException.");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(format > iterations / 10, $"only {format} of {iterations} mutations were detected as corrupt; the mutator is too timid");
    }

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

    /// <summary>Opens the input and reads every band of every image (in windows when an image is large); returns the exception, if any.</summary>
    private static async Task<Exception?> ReadEverythingAsync(byte[] data)
    {
        try
        {
            await using GeoTiffReader reader = await GeoTiffReader.OpenAsync(new MemoryStream(data, writable: false));
            foreach (GeoTiffImage image in reader.Overviews.Prepend(reader.Image))
            {
                int bps = image.DataType.SizeInBytes();
                PixelWindow[] windows = (long)image.Width * image.Height * image.BandCount * bps <= 4 << 20
                    ? [new PixelWindow(0, 0, image.Width, image.Height)]
                    : [new PixelWindow(0, 0, Math.Min(image.Width, 64), Math.Min(image.Height, 64)),
                       new PixelWindow(image.Width - Math.Min(image.Width, 64), image.Height - Math.Min(image.Height, 64), Math.Min(image.Width, 64), Math.Min(image.Height, 64))];
                foreach (PixelWindow window in windows)
                {
                    int[] bands = Enumerable.Range(0, Math.Min(image.BandCount, 8)).ToArray();
                    await image.ReadWindowAsync(bands, window, new byte[window.PixelCount * bands.Length * bps]);
                }
            }

            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
