using SegmentS2.Prompts;
using SegmentS2.Sam;
using SegmentS2.Testing.Models;
using static SegmentS2.Tests.Sam.SamTestChips;

namespace SegmentS2.Tests.Sam;

public sealed class OnnxSamSessionDecodeTests : IClassFixture<SamContractModels>
{
    // The contract decoder's default disc radius, in the 1024 frame.
    private const double Radius = 40;

    private readonly SamContractModels models;

    public OnnxSamSessionDecodeTests(SamContractModels models) => this.models = models;

    [Fact]
    public async Task Point_prompt_mask_equals_the_disc_around_the_point_pixel_for_pixel()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(1, "chip1"));
        var mask = new byte[Size * Size];

        // Foreground point first, then SAM's padding point (0, 0) with label -1.
        await session.DecodeAsync(embedding, Prompt(Call((300.25f, 500.75f, 1), (0, 0, -1))), mask);

        var expected = Disc(Size, Size, 300.25, 500.75, Radius);
        Assert.Equal(expected, mask);
        Assert.InRange(Count(mask), 4900, 5150); // pi * 40^2 = 5027
        Assert.Equal(1, session.DecoderRuns);
    }

    [Fact]
    public async Task Background_points_before_the_first_foreground_point_do_not_move_the_disc()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(1, "chip1"));
        var mask = new byte[Size * Size];

        await session.DecodeAsync(embedding, Prompt(Call((10.5f, 10.5f, 0), (700.5f, 90.25f, 1), (400, 400, 1), (0, 0, -1))), mask);

        Assert.Equal(Disc(Size, Size, 700.5, 90.25, Radius), mask);
    }

    [Fact]
    public async Task A_group_split_into_two_decoder_calls_ors_both_masks()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(2, "chip2"));
        var mask = new byte[Size * Size];
        var prompt = Prompt(
            Call((100.25f, 120.25f, 1), (0, 0, -1)),
            Call((900.75f, 880.5f, 1), (0, 0, -1)));

        await session.DecodeAsync(embedding, prompt, mask);

        var first = Disc(Size, Size, 100.25, 120.25, Radius);
        var second = Disc(Size, Size, 900.75, 880.5, Radius);
        var expected = first.Zip(second, (a, b) => (byte)(a | b)).ToArray();
        Assert.Equal(expected, mask);
        Assert.Equal(Count(first) + Count(second), Count(mask)); // the discs are far apart
        Assert.Equal(2, session.DecoderRuns);
    }

    [Fact]
    public async Task A_box_only_prompt_gives_the_box_interior()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(3, "chip3"));
        var mask = new byte[Size * Size];
        var box = new PromptBox(200.25, 300.5, 260.75, 340.25);

        await session.DecodeAsync(embedding, Prompt(box, Call((200.25f, 300.5f, 2), (260.75f, 340.25f, 3))), mask);

        // The interior, from the oracle; the rounded cut [200, 261) x [300, 340) drops row 340.
        var interior = ContractMask(Size, Size, new SamContractModelOptions(), (200.25, 300.5, 2), (260.75, 340.25, 3));
        var expected = new byte[Size * Size];
        for (var r = 300; r < 340; r++)
        {
            for (var c = 200; c < 261; c++)
            {
                expected[r * Size + c] = interior[r * Size + c];
            }
        }

        Assert.Equal(expected, mask);
        Assert.Equal(1, interior[340 * Size + 230]);
        // Away from the corners the interior is exact (the logit is linear there): columns 201..260, rows 301..339.
        for (var r = 310; r <= 330; r++)
        {
            Assert.Equal([0, 1], new[] { mask[r * Size + 200], mask[r * Size + 201] });
            Assert.Equal([1, 0], new[] { mask[r * Size + 260], mask[r * Size + 261] });
        }
    }

    [Fact]
    public async Task The_mask_is_cut_to_the_box_with_bounds_rounded_half_to_even()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(4, "chip4"));
        var mask = new byte[Size * Size];

        // The disc around the point crosses every edge of the box. Half-to-even rounding:
        // 500.5 -> 500, 490.5 -> 490, 529.5 -> 530, 560.5 -> 560 (ends exclusive).
        var box = new PromptBox(500.5, 490.5, 529.5, 560.5);
        var prompt = Prompt(box, Call((510.25f, 520.25f, 1), (500.5f, 490.5f, 2), (529.5f, 560.5f, 3)));

        await session.DecodeAsync(embedding, prompt, mask);

        var disc = Disc(Size, Size, 510.25, 520.25, Radius);
        var expected = new byte[Size * Size];
        for (var r = 490; r < 560; r++)
        {
            for (var c = 500; c < 530; c++)
            {
                expected[r * Size + c] = disc[r * Size + c];
            }
        }

        Assert.Equal(expected, mask);
        foreach (var (row, col, kept) in new[] { (490, 510, true), (489, 510, false), (520, 500, true), (520, 499, false), (520, 529, true), (520, 530, false), (559, 510, true), (560, 510, false) })
        {
            Assert.Equal(1, disc[row * Size + col]);
            Assert.Equal(kept ? 1 : 0, mask[row * Size + col]);
        }
    }

    [Fact]
    public async Task A_prompt_without_foreground_or_box_gives_an_empty_mask()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(5, "chip5"));
        var mask = Enumerable.Repeat((byte)7, Size * Size).ToArray();

        await session.DecodeAsync(embedding, Prompt(Call((50, 60, 0), (0, 0, -1))), mask);

        Assert.All(mask, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_chip_smaller_than_the_image_size_has_its_prompts_mapped_to_the_1024_frame()
    {
        using var session = models.Open();
        const int chip = 512;
        var pixels = RgbHwc(6, chip, chip);
        var input = new SamEncoderInput(NchwNormalized(pixels, chip, chip), chip, chip, "small-chip");
        var embedding = await session.GetEmbeddingAsync(input);
        var mask = new byte[chip * chip];

        await session.DecodeAsync(embedding, Prompt(Call((200.25f, 100.5f, 1), (0, 0, -1))), mask);

        // ResizeLongestSide scales 512 -> 1024 (factor 2): the decoder sees the point at (400.5, 201) and pixel c at 2c.
        Assert.Equal(Disc(chip, chip, 400.5, 201, Radius), mask);
    }

    [Fact]
    public async Task Concurrent_decodes_from_several_threads_give_identical_masks()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(7, "chip7"));
        var prompt = Prompt(Call((640.5f, 320.25f, 1), (0, 0, -1)), Call((100.5f, 900.25f, 1), (0, 0, -1)));
        var reference = new byte[Size * Size];
        await session.DecodeAsync(embedding, prompt, reference);

        var masks = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mask = new byte[Size * Size];
            for (var i = 0; i < 3; i++)
            {
                await session.DecodeAsync(embedding, prompt, mask);
            }

            return mask;
        })));

        Assert.All(masks, m => Assert.Equal(reference, m));
        Assert.Equal(2 + 8 * 3 * 2, session.DecoderRuns);
    }

    [Fact]
    public async Task The_embedding_is_the_block_average_projection_of_the_chip()
    {
        using var session = models.Open();
        var pixels = RgbHwc(8);
        var embedding = await session.GetEmbeddingAsync(new SamEncoderInput(NchwNormalized(pixels), Size, Size, "chip8"));
        var normalized = NchwNormalized(pixels);

        Assert.Equal(new[] { 1, 256, 64, 64 }, embedding.Shape);
        foreach (var (channel, row, col) in new[] { (0, 0, 0), (5, 10, 20), (255, 63, 63), (128, 31, 7) })
        {
            double expected = SamContractModelBuilder.EncoderBias(channel);
            for (var k = 0; k < 3; k++)
            {
                double sum = 0;
                for (var y = row * 16; y < row * 16 + 16; y++)
                {
                    for (var x = col * 16; x < col * 16 + 16; x++)
                    {
                        sum += normalized[(k * Size + y) * Size + x];
                    }
                }

                expected += SamContractModelBuilder.EncoderWeight(channel, k) * sum / 256;
            }

            Assert.Equal(expected, embedding.Data.Span[(channel * 64 + row) * 64 + col], 4);
        }
    }

    [Theory]
    [InlineData(0, 0, 1024, 1024)]
    [InlineData(250, 280, 97, 131)]
    [InlineData(0, 470, 1024, 40)]
    [InlineData(1000, 1000, 24, 24)]
    public async Task A_window_decode_equals_that_window_of_the_full_mask_for_points_boxes_and_several_calls(int col, int row, int width, int height)
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(9, "chip9"));
        var window = new SegmentS2.Raster.PixelWindow(col, row, width, height);
        var prompts = new[]
        {
            Prompt(Call((300.25f, 300.75f, 1), (0, 0, -1))),
            Prompt(new PromptBox(260.25, 290.5, 330.75, 400.25), Call((260.25f, 290.5f, 2), (330.75f, 400.25f, 3))),
            Prompt(Call((290.5f, 320.5f, 1), (0, 0, -1)), Call((1010.5f, 1012.25f, 1), (0, 0, -1))),
        };
        foreach (var prompt in prompts)
        {
            var full = new byte[Size * Size];
            await session.DecodeAsync(embedding, prompt, full);
            var part = new byte[width * height];
            part.AsSpan().Fill(7); // every byte must be written

            await session.DecodeWindowAsync(embedding, prompt, window, part);

            var expected = new byte[width * height];
            for (int r = 0; r < height; r++)
            {
                full.AsSpan((row + r) * Size + col, width).CopyTo(expected.AsSpan(r * width, width));
            }

            Assert.Equal(expected, part);
        }

        // The interface's default (decode whole, copy the window) gives the same as the session's own.
        ISamSession viaDefault = new DefaultWindowSession(session);
        var again = new byte[width * height];
        await viaDefault.DecodeWindowAsync(embedding, prompts[2], window, again);
        var own = new byte[width * height];
        await session.DecodeWindowAsync(embedding, prompts[2], window, own);
        Assert.Equal(own, again);
    }

    [Fact]
    public async Task A_window_outside_the_chip_is_refused_with_the_window_named()
    {
        using var session = models.Open();
        var embedding = await session.GetEmbeddingAsync(NchwInput(9, "chip9"));
        var window = new SegmentS2.Raster.PixelWindow(1000, 0, 30, 10);
        var ex = await Assert.ThrowsAsync<SamInputException>(async () =>
            await session.DecodeWindowAsync(embedding, Prompt(Call((300.25f, 300.75f, 1), (0, 0, -1))), window, new byte[300]));
        Assert.Contains(window.ToString(), ex.Message, StringComparison.Ordinal);
    }

    // Forwards everything but DecodeWindowAsync, so the interface's default implementation runs.
    private sealed class DefaultWindowSession(ISamSession inner) : ISamSession
    {
        public SamModelInfo Model => inner.Model;

        public long EncoderRuns => inner.EncoderRuns;

        public long DecoderRuns => inner.DecoderRuns;

        public SamSessionStatistics Statistics => inner.Statistics;

        public ValueTask<SamEmbedding> GetEmbeddingAsync(SamEncoderInput encoderInput, CancellationToken cancellationToken = default) => inner.GetEmbeddingAsync(encoderInput, cancellationToken);

        public ValueTask DecodeAsync(SamEmbedding embedding, ChipPrompt prompt, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            inner.DecodeAsync(embedding, prompt, destination, cancellationToken);

        public void Dispose()
        {
        }
    }
}
