using SegmentS2.Prompts;
using SegmentS2.Sam;
using SegmentS2.Testing.Models;

namespace SegmentS2.Tests.Sam;

/// <summary>Chips and prompts for SAM tests, built by hand from SAM's published normalisation constants.</summary>
internal static class SamTestChips
{
    public const int Size = 1024;

    private static readonly double[] Mean = [123.675, 116.28, 103.53];
    private static readonly double[] Std = [58.395, 57.12, 57.375];

    /// <summary>A deterministic RGB chip, HWC, values 0..255.</summary>
    public static float[] RgbHwc(int seed, int height = Size, int width = Size)
    {
        var random = new Random(seed);
        var pixels = new float[height * width * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.Next(0, 256);
        }

        return pixels;
    }

    /// <summary>The same chip normalised and laid out NCHW [1, 3, S, S], zero-padded at the bottom and right.</summary>
    public static float[] NchwNormalized(float[] hwc, int height = Size, int width = Size, int size = Size)
    {
        var tensor = new float[3 * size * size];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    tensor[(c * size + y) * size + x] = (float)((hwc[(y * width + x) * 3 + c] - Mean[c]) / Std[c]);
                }
            }
        }

        return tensor;
    }

    public static SamEncoderInput NchwInput(int seed, string hash) => new(NchwNormalized(RgbHwc(seed)), Size, Size, hash);

    public static ChipPrompt Prompt(params DecoderCall[] calls) => Prompt(null, calls);

    public static ChipPrompt Prompt(PromptBox? box, params DecoderCall[] calls) =>
        new(new PromptGroup(0, "field-1", [], box), calls, box);

    public static DecoderCall Call(params (float X, float Y, float Label)[] points) =>
        new(points.SelectMany(p => new[] { p.X, p.Y }).ToArray(), points.Select(p => p.Label).ToArray());

    /// <summary>
    /// The contract decoder's disc of <paramref name="radius"/> around (x0, y0) in the prompt frame, on a chip of
    /// <paramref name="height"/> x <paramref name="width"/>, from <see cref="SamContractDecoderOracle"/> (double precision,
    /// no ONNX Runtime).
    /// </summary>
    public static byte[] Disc(int height, int width, double x0, double y0, double radius) =>
        ContractMask(height, width, new SamContractModelOptions { DiscRadius = (float)radius }, (x0, y0, 1f));

    /// <summary>
    /// The contract decoder's mask for one call of <paramref name="points"/>, from <see cref="SamContractDecoderOracle"/>.
    /// Prompts on half pixels put a few logits at exactly 0, which float and double both compute exactly; so the tests
    /// compare every pixel, and at most 8 may be near-ties.
    /// </summary>
    public static byte[] ContractMask(int height, int width, SamContractModelOptions options, params (double X, double Y, float Label)[] points)
    {
        var (mask, nearTies) = SamContractDecoderOracle.Mask(height, width, points, options);
        Assert.InRange(nearTies, 0, 8);
        return mask;
    }

    public static int Count(ReadOnlySpan<byte> mask)
    {
        var n = 0;
        foreach (var b in mask)
        {
            n += b;
        }

        return n;
    }
}
