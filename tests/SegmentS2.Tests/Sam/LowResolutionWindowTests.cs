using SegmentS2.Prompts;
using SegmentS2.Raster;
using SegmentS2.Sam;
using SegmentS2.Sam.Decoding;
using SegmentS2.Testing.Models;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Sam;

/// <summary>
/// Window decodes through the decoder's low-resolution copy (no full-size masks, only the window upscaled): checked
/// against ONNX Runtime's own full masks of the same decoder, and left off for a decoder whose masks are not SAM's
/// upscale of its low_res_masks.
/// </summary>
public sealed class LowResolutionWindowTests : IClassFixture<SamContractModels>
{
    private readonly SamContractModels models;

    public LowResolutionWindowTests(SamContractModels models) => this.models = models;

    public static TheoryData<int, int> Chips => new() { { 1024, 1024 }, { 512, 512 }, { 600, 1024 }, { 1024, 333 } };

    [Theory]
    [MemberData(nameof(Chips))]
    public async Task After_the_first_window_decode_windows_come_from_low_res_masks_and_equal_onnx_runtimes_full_masks(int height, int width)
    {
        using var session = models.Open();
        session.LowResolutionHeavyCall = TimeSpan.FromMinutes(1); // the contract decoder is light; a loaded test machine must not make it look heavy
        var embedding = await session.GetEmbeddingAsync(new SamEncoderInput(NchwNormalized(RgbHwc(31, height, width), height, width), height, width, $"chip-{height}x{width}"));
        var scale = 1024f / Math.Max(height, width);
        var random = new Random(height * 7 + width);
        Assert.False(session.DecodesWindowsAtLowResolution);
        for (var i = 0; i < 24; i++)
        {
            // Prompts in chip pixels, mapped by the session to the 1024 frame: points, boxes and two-call groups.
            float x = (float)(random.NextDouble() * width), y = (float)(random.NextDouble() * height);
            float x2 = Math.Min(width - 1, x + 10 + (float)random.NextDouble() * 120), y2 = Math.Min(height - 1, y + 10 + (float)random.NextDouble() * 120);
            var prompt = (i % 3) switch
            {
                0 => Prompt(Call((x, y, 1), (0, 0, -1))),
                1 => Prompt(new PromptBox(x, y, x2, y2), Call((x, y, 2), (x2, y2, 3))),
                _ => Prompt(Call((x, y, 1), (0, 0, -1)), Call((x2, y2, 1), (0, 0, -1))),
            };
            int col = random.Next(0, width - 1), row = random.Next(0, height - 1);
            var window = new PixelWindow(col, row, random.Next(1, width - col + 1), random.Next(1, height - row + 1));

            var full = new byte[height * width];
            await session.DecodeAsync(embedding, prompt, full);
            var part = new byte[window.PixelCount];
            part.AsSpan().Fill(7); // every byte must be written
            await session.DecodeWindowAsync(embedding, prompt, window, part);

            var expected = new byte[window.PixelCount];
            for (var r = 0; r < window.Height; r++)
            {
                full.AsSpan((window.Row + r) * width + window.Col, window.Width).CopyTo(expected.AsSpan(r * window.Width, window.Width));
            }

            Assert.True(expected.AsSpan().SequenceEqual(part), $"prompt {i} at ({x}, {y}) x {scale}, window {window}: {expected.Zip(part).Count(p => p.First != p.Second)} pixels differ");
            Assert.True(session.DecodesWindowsAtLowResolution, "the first window decode checks the path and turns it on");
        }
    }

    [Fact]
    public async Task A_decoder_whose_masks_are_not_the_upscale_of_its_low_res_masks_keeps_its_full_masks()
    {
        var directory = models.NewDirectory("echo");
        var decoder = Path.Combine(directory, "decoder.onnx");
        SamContractModelBuilder.WriteDecoder(decoder, new SamContractModelOptions { LowResMasksEchoMaskInput = true });
        using var session = OnnxSamSession.Load(models.NchwEncoder, decoder);
        var embedding = await session.GetEmbeddingAsync(NchwInput(32, "echo"));
        var window = new PixelWindow(200, 250, 300, 200);
        for (var i = 0; i < 3; i++)
        {
            var part = new byte[window.PixelCount];
            await session.DecodeWindowAsync(embedding, Prompt(Call((300.5f + 40 * i, 350.25f, 1), (0, 0, -1))), window, part);

            var disc = Disc(Size, Size, 300.5 + 40 * i, 350.25, 40);
            for (var r = 0; r < window.Height; r++)
            {
                Assert.True(disc.AsSpan((window.Row + r) * Size + window.Col, window.Width).SequenceEqual(part.AsSpan(r * window.Width, window.Width)), $"row {r}");
            }
        }

        Assert.False(session.DecodesWindowsAtLowResolution);
        Assert.Equal(3, session.DecoderRuns);
    }

    [Fact]
    public async Task A_decoder_whose_own_call_is_heavy_keeps_its_full_masks()
    {
        using var session = models.Open();
        session.LowResolutionHeavyCall = TimeSpan.Zero; // every call counts as heavy, as SAM's decoder on a CPU (60-125 ms)
        var embedding = await session.GetEmbeddingAsync(NchwInput(33, "heavy"));
        var window = new PixelWindow(100, 150, 400, 300);
        for (var i = 0; i < 3; i++)
        {
            var part = new byte[window.PixelCount];
            await session.DecodeWindowAsync(embedding, Prompt(Call((300.5f + 40 * i, 350.25f, 1), (0, 0, -1))), window, part);

            var full = new byte[Size * Size];
            await session.DecodeAsync(embedding, Prompt(Call((300.5f + 40 * i, 350.25f, 1), (0, 0, -1))), full);
            for (var r = 0; r < window.Height; r++)
            {
                Assert.True(full.AsSpan((window.Row + r) * Size + window.Col, window.Width).SequenceEqual(part.AsSpan(r * window.Width, window.Width)), $"row {r}");
            }
        }

        Assert.False(session.DecodesWindowsAtLowResolution);
    }

    [Theory]
    [InlineData(1024, 1024, 0, 0, 1024, 1024)]
    [InlineData(1024, 1024, 1, 3, 517, 200)]
    [InlineData(512, 512, 100, 0, 412, 512)]
    [InlineData(600, 1024, 0, 590, 1024, 10)]
    [InlineData(1024, 333, 300, 1000, 33, 24)]
    [InlineData(97, 61, 0, 0, 61, 97)]
    public void The_upscale_of_a_window_equals_sam_postprocessing_computed_pixel_by_pixel(int height, int width, int col, int row, int windowWidth, int windowHeight)
    {
        // Smooth logits with sign changes everywhere (blobs of both signs) plus noise, on SAM's 256 x 256 grid.
        var random = new Random(height + width + col);
        var low = new double[256, 256];
        var lowFloat = new float[256 * 256];
        for (var i = 0; i < 256; i++)
        {
            for (var j = 0; j < 256; j++)
            {
                low[i, j] = (float)(Math.Sin(i / 7.0) * Math.Cos(j / 11.0) * 5 + random.NextDouble() - 0.5);
                lowFloat[i * 256 + j] = (float)low[i, j];
            }
        }

        var expected = SamContractDecoderOracle.Upscale(low, 1024, height, width, col, row, windowWidth, windowHeight);
        var mask = new byte[windowWidth * windowHeight];
        var window = new PixelWindow(col, row, windowWidth, windowHeight);

        SamMaskUpscaler.OrThresholded(lowFloat, 256, 1024, height, width, window, mask);

        var nearTies = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (Math.Abs(expected[i]) < 1e-4)
            {
                nearTies++;
                continue;
            }

            Assert.True((expected[i] > 0) == (mask[i] == 1), $"pixel {i % windowWidth}, {i / windowWidth} of the window: logit {expected[i]}, mask {mask[i]}");
        }

        Assert.True(nearTies <= mask.Length / 10_000 + 1, $"{nearTies} near-ties");
        if (mask.Length >= 10_000)
        {
            Assert.Contains((byte)1, mask); // the blobs cross any large window
            Assert.Contains((byte)0, mask);
        }
    }

    [Fact]
    public void The_upscale_only_sets_pixels_and_skips_a_window_without_positive_logits()
    {
        var low = new float[256 * 256];
        low.AsSpan().Fill(-1f);
        low[100 * 256 + 100] = 8f; // one positive logit: its taps reach 1024-frame pixels near (401.5, 401.5)
        var window = new PixelWindow(380, 380, 50, 50);
        var mask = new byte[window.PixelCount];
        mask[0] = 1; // already set: an OR keeps it

        SamMaskUpscaler.OrThresholded(low, 256, 1024, 1024, 1024, window, mask);

        Assert.Equal(1, mask[0]);
        var set = Enumerable.Range(0, mask.Length).Where(i => mask[i] == 1 && i != 0).Select(i => (Col: 380 + i % 50, Row: 380 + i / 50)).ToList();
        Assert.NotEmpty(set);
        // Only pixels within one low-resolution step (4 px) of the positive logit's centre can be above 0.
        Assert.All(set, p => Assert.True(Math.Abs(p.Col - 401.5) < 4 && Math.Abs(p.Row - 401.5) < 4, $"{p}"));

        var far = new byte[window.PixelCount];
        SamMaskUpscaler.OrThresholded(low, 256, 1024, 1024, 1024, new PixelWindow(0, 0, 50, 50), far);
        Assert.All(far, b => Assert.Equal(0, b));
    }
}
