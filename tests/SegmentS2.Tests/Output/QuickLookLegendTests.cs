using SixLabors.ImageSharp.PixelFormats;
using SegmentS2.Output;
using SegmentS2.Prompts;

namespace SegmentS2.Tests.Output;

/// <summary>The quick-look draws the ROI outline and, below the picture, a legend: each prompt id beside a swatch of its mask colour.</summary>
public class QuickLookLegendTests
{
    private const int W = 200, H = 120;

    private static readonly PromptGroup[] Groups =
    [
        new(0, "field-7", [new PromptPoint(150.5, 100.5, 1)], null),
        new(1, "12", [], new PromptBox(20, 20, 60, 50)),
    ];

    private static SixLabors.ImageSharp.Image<Rgba32> Render(IReadOnlyList<IReadOnlyList<(double X, double Y)>> rings)
    {
        var rgb = new float[3 * W * H];
        Array.Fill(rgb, 1000f);
        var masks = new byte[2 * W * H];
        return QuickLookRenderer.RenderWithLegend(rgb, W, H, masks, Groups, rings);
    }

    [Fact]
    public void Each_prompt_id_gets_a_swatch_of_its_mask_colour_below_the_picture()
    {
        using var image = Render([]);
        var (swatches, height) = QuickLookLegend.Layout(W, ["field-7", "12"]);

        Assert.Equal((W, H + height), (image.Width, image.Height));
        Assert.Equal(3, swatches.Count); // two prompt ids, then the ROI
        for (int g = 0; g < Groups.Length; g++)
        {
            var (x, y) = swatches[g];
            int c = x + QuickLookLegend.Swatch / 2, r = H + y + QuickLookLegend.Swatch / 2;
            Assert.Equal(QuickLookRenderer.ColorOf(g), image[c, r]);
        }

        // The ROI entry is an outline: its edge in the ROI colour, its inside the legend background.
        var (rx, ry) = swatches[2];
        Assert.Equal(QuickLookLegend.RoiColor, image[rx, H + ry + 3]);
        Assert.Equal(QuickLookLegend.Background, image[rx + QuickLookLegend.Swatch / 2, H + ry + QuickLookLegend.Swatch / 2]);

        // Text follows each swatch: some pixels right of it are drawn in the label colour, none in the first entry's gap before it.
        var (sx, sy) = swatches[0];
        int textPixels = 0;
        for (int x = sx + QuickLookLegend.Swatch + 4; x < swatches[1].X - 4; x++)
        {
            for (int y = H + sy; y < H + sy + QuickLookLegend.Swatch; y++)
            {
                textPixels += image[x, y] == new Rgba32(240, 240, 240) ? 1 : 0;
            }
        }

        Assert.True(textPixels > 20, $"{textPixels} label pixels");
    }

    [Fact]
    public void The_roi_outline_is_drawn_along_its_edges_and_nowhere_else()
    {
        // A rectangle from (10.5, 10.5) to (110.5, 90.5) in picture pixels.
        (double X, double Y)[] ring = [(10.5, 10.5), (110.5, 10.5), (110.5, 90.5), (10.5, 90.5), (10.5, 10.5)];
        using var image = Render([ring]);
        using var plain = Render([]);

        for (int x = 10; x <= 110; x++)
        {
            Assert.Equal(QuickLookLegend.RoiColor, image[x, 10]);
            Assert.Equal(QuickLookLegend.RoiColor, image[x, 90]);
        }

        for (int y = 10; y <= 90; y++)
        {
            Assert.Equal(QuickLookLegend.RoiColor, image[10, y]);
            Assert.Equal(QuickLookLegend.RoiColor, image[110, y]);
        }

        int changed = 0;
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                changed += image[x, y] != plain[x, y] ? 1 : 0;
            }
        }

        // The outline's pixels only (the box of prompt 12 lies inside and is drawn either way): 2 * 101 + 2 * 79 at most.
        Assert.InRange(changed, 1, 2 * 101 + 2 * 79);
    }
}
