using SegmentS2.Raster;

namespace SegmentS2.Prompts;

/// <summary>
/// Selects the prompt elements inside one chip and encodes them as decoder calls, as the reference's
/// <c>get_normalized_prompts_within_chip</c>, <c>is_valid_prompt</c> and <c>prompt_encoder_preprocess</c> do.
/// </summary>
internal static class ChipPromptSelector
{
    public static IReadOnlyList<ChipPrompt> ForChip(PromptSet prompts, PixelWindow chip, int pointsPerBatch)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (pointsPerBatch < 1)
        {
            throw new InvalidOptionException("points per batch", pointsPerBatch, "at least 1");
        }

        // Inclusive bounds: col_max = col_min + width, so a point on the shared edge of two chips is in both.
        double colMin = chip.Col, colMax = (double)chip.Col + chip.Width;
        double rowMin = chip.Row, rowMax = (double)chip.Row + chip.Height;
        var result = new List<ChipPrompt>();
        var elements = new List<Element>();
        foreach (var group in prompts.Groups)
        {
            elements.Clear();
            PromptBox? boxInChip = null;
            bool foregroundInChip = false;
            for (int i = 0; i <= group.Points.Count; i++)
            {
                if (group.Box is { } b && i == group.PointsBeforeBox
                    && b.XMin < colMax && b.XMax > colMin && b.YMin < rowMax && b.YMax > rowMin)
                {
                    // Strict overlap, then clipped to the chip and moved to chip coordinates.
                    var clipped = new PromptBox(Math.Max(b.XMin, colMin) - colMin, Math.Max(b.YMin, rowMin) - rowMin,
                        Math.Min(b.XMax, colMax) - colMin, Math.Min(b.YMax, rowMax) - rowMin);
                    boxInChip = clipped;
                    elements.Add(new Element(null, clipped));
                }

                if (i == group.Points.Count)
                {
                    break;
                }

                var p = group.Points[i];
                if (colMin <= p.X && p.X <= colMax && rowMin <= p.Y && p.Y <= rowMax)
                {
                    elements.Add(new Element(p with { X = p.X - colMin, Y = p.Y - rowMin }, null));
                    foregroundInChip |= p.Label == 1;
                }
            }

            // Valid: a foreground point in the chip, or a box in the chip for a group with no foreground point at all.
            if (foregroundInChip || (boxInChip is not null && group.ForegroundCount == 0))
            {
                result.Add(new ChipPrompt(group, Batch(elements, pointsPerBatch), boxInChip));
            }
        }

        return result;
    }

    /// <summary>
    /// Slices the chip's elements (a box counts as one element) into runs of at most <paramref name="pointsPerBatch"/>;
    /// each run is sent as its points, then the box corners (labels 2, 3) when the run holds the box, else a padding
    /// point (0, 0) labelled -1.
    /// </summary>
    private static DecoderCall[] Batch(List<Element> elements, int pointsPerBatch)
    {
        int count = (elements.Count + pointsPerBatch - 1) / pointsPerBatch;
        var calls = new DecoderCall[count];
        for (int c = 0; c < count; c++)
        {
            int start = c * pointsPerBatch, end = Math.Min(start + pointsPerBatch, elements.Count);
            int points = 0;
            PromptBox? box = null;
            for (int i = start; i < end; i++)
            {
                if (elements[i].Point is not null)
                {
                    points++;
                }
                else
                {
                    box = elements[i].Box;
                }
            }

            int n = points + (box is null ? 1 : 2);
            var coords = new float[2 * n];
            var labels = new float[n];
            int k = 0;
            for (int i = start; i < end; i++)
            {
                if (elements[i].Point is { } p)
                {
                    coords[2 * k] = (float)p.X;
                    coords[2 * k + 1] = (float)p.Y;
                    labels[k++] = p.Label;
                }
            }

            if (box is { } b)
            {
                coords[2 * k] = (float)b.XMin;
                coords[2 * k + 1] = (float)b.YMin;
                labels[k++] = 2;
                coords[2 * k] = (float)b.XMax;
                coords[2 * k + 1] = (float)b.YMax;
                labels[k] = 3;
            }
            else
            {
                labels[k] = -1;
            }

            calls[c] = new DecoderCall(coords, labels);
        }

        return calls;
    }

    private readonly record struct Element(PromptPoint? Point, PromptBox? Box);
}
