using SegmentS2.GeoTiff;
using SegmentS2.GeoTiff.Writing;
using SegmentS2.Raster;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>
/// Random sizes, tile sizes, band counts, sample types, codecs and layouts (seeded) all read back
/// bit-exactly through the reader; GDAL checks the same in the slower GDAL tests.
/// </summary>
public sealed class GeoTiffWriterRoundTripPropertyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segments2-property-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Any_size_tiling_type_and_codec_round_trips_exactly()
    {
        var random = new Random(2026);
        var compressions = Enum.GetValues<GeoTiffWriteCompression>();
        for (int i = 0; i < 120; i++)
        {
            int width = random.Next(1, 260), height = random.Next(1, 260), bands = random.Next(1, 4);
            var options = new GeoTiffWriteOptions
            {
                TileSize = 16 * random.Next(1, 6),
                Compression = compressions[random.Next(compressions.Length)],
                Cog = random.Next(2) == 0,
                BigTiff = random.Next(4) == 0 ? GeoTiffBigTiffMode.Always : GeoTiffBigTiffMode.Auto,
                MaxDegreeOfParallelism = random.Next(1, 4),
            };
            string context = $"case {i}: {width} x {height} x {bands}, {options.TileSize} tiles, {options.Compression}, cog {options.Cog}";
            switch (random.Next(5))
            {
                case 0: await RoundTrip<byte>(width, height, bands, options, random, context); break;
                case 1: await RoundTrip<ushort>(width, height, bands, options, random, context); break;
                case 2: await RoundTrip<short>(width, height, bands, options, random, context); break;
                case 3: await RoundTrip<float>(width, height, bands, options, random, context); break;
                default: await RoundTrip<double>(width, height, bands, options, random, context); break;
            }
        }
    }

    private async Task RoundTrip<T>(int width, int height, int bands, GeoTiffWriteOptions options, Random random, string context)
        where T : unmanaged
    {
        // Random bytes: every bit pattern, NaNs and infinities included for floats.
        var pixels = new T[width * height * bands];
        random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan()));
        string path = Path.Combine(_dir, "case.tif");
        await GeoTiffWriter.WriteAsync<T>(path, width, height, bands, pixels, options);

        await using var reader = await GeoTiffReader.OpenAsync(path);
        Assert.True(reader.Image.Width == width && reader.Image.Height == height && reader.Image.BandCount == bands, context);
        var band = new T[width * height];
        for (int b = 0; b < bands; b++)
        {
            await reader.Image.ReadWindowAsync<T>(b, new PixelWindow(0, 0, width, height), band);
            var expected = System.Runtime.InteropServices.MemoryMarshal.AsBytes(pixels.AsSpan(b * width * height, width * height));
            Assert.True(expected.SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(band.AsSpan())), $"{context}, band {b}");
        }
    }
}
