using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;
using SegmentS2.Prompts;

namespace SegmentS2.Output;

/// <summary>
/// The quick-look's legend, a strip below the picture: one entry per prompt id (a swatch of its mask colour, then the
/// id), and the ROI outline's colour, flowing left to right and wrapping to the picture's width.
/// </summary>
internal static class QuickLookLegend
{
    /// <summary>Colour of the ROI outline drawn on the quick-look.</summary>
    public static Rgba32 RoiColor { get; } = new(255, 255, 255);

    /// <summary>Background of the legend strip.</summary>
    public static Rgba32 Background { get; } = new(32, 32, 32);

    /// <summary>Height of one legend row in pixels.</summary>
    public const int RowHeight = 18;

    /// <summary>Side of a colour swatch in pixels.</summary>
    public const int Swatch = 12;

    private const int Scale = 2;
    private const int Pad = 4;
    private const int Gap = 12;

    /// <summary>Where each entry's swatch goes (top-left corner, relative to the strip) for a picture <paramref name="width"/> wide.</summary>
    /// <param name="width">The picture's width.</param>
    /// <param name="promptIds">The prompt ids, in mask band order.</param>
    /// <returns>One position per prompt id in order, then the ROI entry's; and the strip's height.</returns>
    public static (IReadOnlyList<(int X, int Y)> Swatches, int Height) Layout(int width, IReadOnlyList<string> promptIds)
    {
        ArgumentNullException.ThrowIfNull(promptIds);
        var labels = promptIds.Append("ROI").ToArray();
        var positions = new List<(int X, int Y)>(labels.Length);
        int x = Pad, row = 0;
        foreach (var label in labels)
        {
            int entry = Swatch + 4 + QuickLookFont.Width(label, Scale);
            if (x > Pad && x + entry > width - Pad)
            {
                x = Pad;
                row++;
            }

            positions.Add((x, row * RowHeight + (RowHeight - Swatch) / 2));
            x += entry + Gap;
        }

        return (positions, (row + 1) * RowHeight);
    }

    /// <summary>A new image: <paramref name="picture"/> with the legend strip below it.</summary>
    public static Image<Rgba32> Append(Image<Rgba32> picture, IReadOnlyList<PromptGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(groups);
        var (swatches, height) = Layout(picture.Width, groups.Select(g => g.OriginalId).ToArray());
        var result = new Image<Rgba32>(picture.Width, picture.Height + height, Background);
        // Row copies: the picture is opaque, so ImageSharp's DrawImage would only blend every pixel with itself.
        for (int y = 0; y < picture.Height; y++)
        {
            picture.DangerousGetPixelRowMemory(y).Span.CopyTo(result.DangerousGetPixelRowMemory(y).Span);
        }

        for (int i = 0; i < swatches.Count; i++)
        {
            bool roi = i == groups.Count;
            var color = roi ? RoiColor : QuickLookRenderer.ColorOf(groups[i].Index);
            var (sx, sy) = swatches[i];
            int top = picture.Height + sy;
            for (int dy = 0; dy < Swatch; dy++)
            {
                for (int dx = 0; dx < Swatch; dx++)
                {
                    // The ROI entry is an outline, as on the picture; a prompt's is a filled swatch.
                    bool edge = dx is 0 or Swatch - 1 || dy is 0 or Swatch - 1;
                    if ((!roi || edge) && (uint)(sx + dx) < (uint)result.Width)
                    {
                        result[sx + dx, top + dy] = color;
                    }
                }
            }

            string label = roi ? "ROI" : groups[i].OriginalId;
            QuickLookFont.Draw(result, label, sx + Swatch + 4, top + (Swatch - QuickLookFont.GlyphHeight * Scale) / 2 + 1, Scale, new Rgba32(240, 240, 240));
        }

        return result;
    }
}
