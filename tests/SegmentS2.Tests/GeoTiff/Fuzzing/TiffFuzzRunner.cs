using System.Diagnostics;
using SegmentS2.GeoTiff;
using SegmentS2.Raster;
using Xunit.Abstractions;

namespace SegmentS2.Tests.GeoTiff.Fuzzing;

/// <summary>
/// Seeded mutation fuzzing of the GeoTIFF reader: whatever a mutated TIFF holds, opening and reading it either
/// succeeds or throws <see cref="GeoTiffFormatException"/> / <see cref="UnsupportedGeoTiffException"/>, and never hangs.
/// Shared by the generated-corpus fuzz test and the real-world one (which needs third-party files the repository does not ship).
/// </summary>
public static class TiffFuzzRunner
{
    private static readonly TimeSpan PerInputTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Iterations to run: <paramref name="defaultIterations"/> unless SEGMENTS2_FUZZ_ITERATIONS says otherwise.</summary>
    public static int Iterations(int defaultIterations) =>
        int.TryParse(Environment.GetEnvironmentVariable("SEGMENTS2_FUZZ_ITERATIONS"), out int n) && n > 0 ? n : defaultIterations;

    /// <summary>Mutates the seeds <paramref name="iterations"/> times and asserts only typed errors come out.</summary>
    public static async Task RunAsync(IReadOnlyList<byte[]> seeds, int iterations, int seed, ITestOutputHelper output)
    {
        TiffMutator[] mutators = seeds.Select(s => new TiffMutator(s)).ToArray();
        var random = new Random(seed);
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
