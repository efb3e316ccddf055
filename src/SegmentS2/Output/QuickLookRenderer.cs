using System.Runtime.CompilerServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SegmentS2.Prompts;

namespace SegmentS2.Output;

/// <summary>
/// Renders a PNG quick-look of one scene: the RGB bands stretched between their 2nd and 98th
/// percentiles, each prompt's mask blended in its own colour, and the prompt points and boxes drawn.
/// </summary>
internal static class QuickLookRenderer
{
    private static readonly Rgba32[] Palette =
    [
        new(230, 25, 75), new(60, 180, 75), new(255, 225, 25), new(0, 130, 200), new(245, 130, 48),
        new(145, 30, 180), new(70, 240, 240), new(240, 50, 230), new(210, 245, 60), new(250, 190, 212),
    ];

    /// <summary>The colour used for the prompt group with this band index.</summary>
    public static Rgba32 ColorOf(int groupIndex) => Palette[groupIndex % Palette.Length];

    /// <summary>
    /// Renders the quick-look with the ROI outline (<see cref="QuickLookLegend.RoiColor"/>) over the picture and the
    /// legend strip (<see cref="QuickLookLegend"/>: prompt id to colour) below it.
    /// </summary>
    /// <param name="rgb">Three band-sequential planes (R, G, B), width x height each.</param>
    /// <param name="width">Picture width.</param>
    /// <param name="height">Picture height (the image is taller by the legend).</param>
    /// <param name="masks">One mask per prompt group.</param>
    /// <param name="groups">The prompt groups, in pixel coordinates of this picture.</param>
    /// <param name="roiRings">The ROI's rings, in pixel coordinates of this picture; may be empty.</param>
    public static Image<Rgba32> RenderWithLegend(ReadOnlySpan<float> rgb, int width, int height, ReadOnlySpan<byte> masks, IReadOnlyList<PromptGroup> groups,
        IReadOnlyList<IReadOnlyList<(double X, double Y)>> roiRings)
    {
        ArgumentNullException.ThrowIfNull(roiRings);
        using var picture = Render(rgb, width, height, masks, groups);
        foreach (var ring in roiRings)
        {
            for (int i = 1; i < ring.Count; i++)
            {
                DrawLine(picture, ring[i - 1], ring[i], QuickLookLegend.RoiColor);
            }
        }

        return QuickLookLegend.Append(picture, groups);
    }

    /// <summary>
    /// Renders the quick-look.
    /// </summary>
    /// <param name="rgb">Three band-sequential planes (R, G, B), width x height each; non-finite or zero-in-all-bands pixels are nodata (drawn black).</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="masks">One mask per prompt group (band-sequential, width x height each; non-zero = foreground).</param>
    /// <param name="groups">The prompt groups, in raster pixel coordinates relative to this image (index i draws mask i).</param>
    /// <param name="opacity">Mask opacity, 0..1.</param>
    // Runs once per scene over millions of pixels: compiled fully optimised from the first call, not at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Image<Rgba32> Render(ReadOnlySpan<float> rgb, int width, int height, ReadOnlySpan<byte> masks, IReadOnlyList<PromptGroup> groups, float opacity = 0.45f)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A quick-look of {width} x {height} pixels has no area.");
        }

        int plane = width * height;
        if (rgb.Length < 3 * plane)
        {
            throw new ArgumentException($"Expected 3 planes of {width} x {height} values, got {rgb.Length} values.", nameof(rgb));
        }

        if (masks.Length < groups.Count * plane)
        {
            throw new ArgumentException($"Expected {groups.Count} masks of {width} x {height}, got {masks.Length} values.", nameof(masks));
        }

        Span<(float Low, float High)> stretch = stackalloc (float, float)[3];
        for (int b = 0; b < 3; b++)
        {
            stretch[b] = Percentiles(rgb.Slice(b * plane, plane));
        }

        int groupCount = groups.Count;
        var colours = new Rgba32[groupCount];
        for (int m = 0; m < groupCount; m++)
        {
            colours[m] = ColorOf(groups[m].Index);
        }

        var pixels = new Rgba32[plane];
        for (int i = 0; i < plane; i++)
        {
            float r = rgb[i], g = rgb[plane + i], bl = rgb[2 * plane + i];
            bool nodata = !(float.IsFinite(r) && float.IsFinite(g) && float.IsFinite(bl)) || (r == 0 && g == 0 && bl == 0);
            var px = nodata ? new Rgba32(0, 0, 0) : new Rgba32(Scale(r, stretch[0]), Scale(g, stretch[1]), Scale(bl, stretch[2]));
            for (int m = 0; m < groupCount; m++)
            {
                if (masks[m * plane + i] != 0)
                {
                    px = Blend(px, colours[m], opacity);
                }
            }

            pixels[i] = px;
        }

        var image = Image.LoadPixelData<Rgba32>(pixels, width, height);

        foreach (var group in groups)
        {
            var color = ColorOf(group.Index);
            if (group.Box is { } box)
            {
                DrawRectangle(image, box, color);
            }

            foreach (var point in group.Points)
            {
                DrawMarker(image, point, point.Label == 1 ? color : new Rgba32(255, 255, 255));
            }
        }

        return image;
    }

    /// <summary>
    /// Renders segments given as a label image (0 none, s + 1 for segment s): each segment's pixels are lightly tinted and
    /// its edge pixels (a 4-neighbour with another label) drawn in its full colour.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Image<Rgba32> RenderSegments(ReadOnlySpan<float> rgb, int width, int height, ReadOnlySpan<int> labels)
    {
        int plane = width * height;
        if (width <= 0 || height <= 0 || rgb.Length < 3 * plane || labels.Length < plane)
        {
            throw new ArgumentException($"A {width} x {height} quick-look needs 3 planes and a label plane of that size.", nameof(rgb));
        }

        Span<(float Low, float High)> stretch = stackalloc (float, float)[3];
        for (int b = 0; b < 3; b++)
        {
            stretch[b] = Percentiles(rgb.Slice(b * plane, plane));
        }

        var pixels = new Rgba32[plane];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                float r = rgb[i], g = rgb[plane + i], bl = rgb[2 * plane + i];
                bool nodata = !(float.IsFinite(r) && float.IsFinite(g) && float.IsFinite(bl)) || (r == 0 && g == 0 && bl == 0);
                var px = nodata ? new Rgba32(0, 0, 0) : new Rgba32(Scale(r, stretch[0]), Scale(g, stretch[1]), Scale(bl, stretch[2]));
                int label = labels[i];
                if (label != 0)
                {
                    var colour = ColorOf(label - 1);
                    bool edge = x == 0 || y == 0 || x == width - 1 || y == height - 1
                        || labels[i - 1] != label || labels[i + 1] != label || labels[i - width] != label || labels[i + width] != label;
                    px = edge ? colour : Blend(px, colour, 0.25f);
                }

                pixels[i] = px;
            }
        }

        return Image.LoadPixelData<Rgba32>(pixels, width, height);
    }

    /// <summary>
    /// The 2nd and 98th percentiles of the finite, non-zero values (at most 65,536 of them, evenly strided: plenty for a
    /// display stretch): the sorted sample's elements at 2 % and 98 % of its length, found by selection instead of a sort.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (float Low, float High) Percentiles(ReadOnlySpan<float> values)
    {
        int stride = Math.Max(1, values.Length / 65_536);
        var valid = new float[values.Length / stride + 1];
        int count = 0;
        for (int i = 0; i < values.Length; i += stride)
        {
            float v = values[i];
            if (float.IsFinite(v) && v != 0)
            {
                valid[count++] = v;
            }
        }

        if (count == 0)
        {
            return (0, 1);
        }

        var sample = valid.AsSpan(0, count);
        int lowIndex = (int)(0.02 * (count - 1)), highIndex = (int)(0.98 * (count - 1));
        float high = Select(sample, highIndex);
        // Select leaves every element before highIndex no greater than it: the low one is among them.
        float low = Select(sample[..(highIndex + 1)], lowIndex);
        return high > low ? (low, high) : (low, low + 1);
    }

    // Quickselect (Hoare partition, middle pivot): the element a sort would put at k, leaving smaller ones before it
    // and larger ones after. A span sort of floats is a generic instantiation a JIT or ReadyToRun process runs
    // unoptimised at first; this is linear, and ours.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Select(Span<float> values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (left < right)
        {
            float pivot = values[left + ((right - left) >> 1)];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static byte Scale(float v, (float Low, float High) s) =>
        (byte)Math.Clamp((int)MathF.Round((v - s.Low) / (s.High - s.Low) * 255f), 0, 255);

    private static Rgba32 Blend(Rgba32 under, Rgba32 over, float alpha) => new(
        (byte)(under.R + (over.R - under.R) * alpha),
        (byte)(under.G + (over.G - under.G) * alpha),
        (byte)(under.B + (over.B - under.B) * alpha));

    private static void DrawRectangle(Image<Rgba32> image, PromptBox box, Rgba32 color)
    {
        int x0 = (int)Math.Round(box.XMin), y0 = (int)Math.Round(box.YMin);
        int x1 = (int)Math.Round(box.XMax), y1 = (int)Math.Round(box.YMax);
        for (int t = 0; t < 2; t++)
        {
            for (int x = x0; x <= x1; x++)
            {
                Set(image, x, y0 + t, color);
                Set(image, x, y1 - t, color);
            }

            for (int y = y0; y <= y1; y++)
            {
                Set(image, x0 + t, y, color);
                Set(image, x1 - t, y, color);
            }
        }
    }

    // A one-pixel line between two points (pixel centres at +0.5), clipped to the image.
    private static void DrawLine(Image<Rgba32> image, (double X, double Y) a, (double X, double Y) b, Rgba32 color)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        double length = Math.Max(Math.Abs(dx), Math.Abs(dy));
        if (!double.IsFinite(length))
        {
            return;
        }

        int steps = (int)Math.Min(Math.Ceiling(length), 1 << 20);
        for (int i = 0; i <= steps; i++)
        {
            double t = steps == 0 ? 0 : (double)i / steps;
            Set(image, (int)Math.Floor(Math.Clamp(a.X + dx * t, -1, image.Width)), (int)Math.Floor(Math.Clamp(a.Y + dy * t, -1, image.Height)), color);
        }
    }

    private static void DrawMarker(Image<Rgba32> image, PromptPoint point, Rgba32 color)
    {
        int cx = (int)Math.Floor(point.X), cy = (int)Math.Floor(point.Y);
        var outline = new Rgba32(0, 0, 0);
        for (int dy = -4; dy <= 4; dy++)
        {
            for (int dx = -4; dx <= 4; dx++)
            {
                int d2 = dx * dx + dy * dy;
                if (d2 <= 9)
                {
                    Set(image, cx + dx, cy + dy, color);
                }
                else if (d2 <= 16)
                {
                    Set(image, cx + dx, cy + dy, outline);
                }
            }
        }
    }

    private static void Set(Image<Rgba32> image, int x, int y, Rgba32 color)
    {
        if ((uint)x < (uint)image.Width && (uint)y < (uint)image.Height)
        {
            image[x, y] = color;
        }
    }
}
