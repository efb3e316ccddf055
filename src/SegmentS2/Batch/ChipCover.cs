using SegmentS2.Raster;

namespace SegmentS2.Batch;

/// <summary>
/// Chooses the chips of a scene's grid that segment a set of fields, each whole inside one chip, sharing chips between
/// fields. A chip can take a field when it holds all the field's prompts; it is a good chip when it also leaves
/// <c>margin</c> pixels around them (room for the mask), or, when no chip of the grid does, the largest margin there is.
/// Chips are picked greedily (the chip taking the most fields not yet taken, ties to the larger total margin, then to
/// the first in row-major order), which is the greedy set cover itself; each field then goes to the chosen chip that
/// leaves it the most margin, and chips left without fields are dropped.
/// </summary>
internal static class ChipCover
{
    /// <summary>A field's prompt extent in scene pixels.</summary>
    public readonly record struct Extent(double XMin, double YMin, double XMax, double YMax);

    /// <summary>A chosen chip: its read window in scene pixels and the fields (indexes into the input) it segments, ascending.</summary>
    public sealed record Selection(PixelWindow Window, int GridRow, int GridCol, IReadOnlyList<int> Fields);

    /// <summary>The chips, in row-major order, and the fields no chip can hold whole (indexes, ascending).</summary>
    public static (IReadOnlyList<Selection> Chips, IReadOnlyList<int> TooLarge) Choose(
        IReadOnlyList<Extent> fields, IReadOnlyList<int> colStarts, IReadOnlyList<int> rowStarts, int chipSize, double margin)
    {
        ArgumentNullException.ThrowIfNull(fields);
        int cols = colStarts.Count;
        var feasible = new List<(int Chip, double Margin)>[fields.Count];
        var tooLarge = new List<int>();
        var takers = new Dictionary<int, List<int>>();
        for (int f = 0; f < fields.Count; f++)
        {
            var e = fields[f];
            var candidates = new List<(int Chip, double Margin)>();
            double best = double.NegativeInfinity;
            for (int r = 0; r < rowStarts.Count; r++)
            {
                double my = Math.Min(e.YMin - rowStarts[r], rowStarts[r] + chipSize - e.YMax);
                if (my < 0)
                {
                    continue;
                }

                for (int c = 0; c < cols; c++)
                {
                    double m = Math.Min(my, Math.Min(e.XMin - colStarts[c], colStarts[c] + chipSize - e.XMax));
                    if (m >= 0)
                    {
                        candidates.Add((r * cols + c, m));
                        best = Math.Max(best, m);
                    }
                }
            }

            if (candidates.Count == 0)
            {
                tooLarge.Add(f);
                continue;
            }

            double needed = Math.Min(margin, best);
            feasible[f] = candidates.Where(c => c.Margin >= needed).ToList();
            foreach (var (chip, _) in feasible[f])
            {
                if (!takers.TryGetValue(chip, out var list))
                {
                    takers[chip] = list = [];
                }

                list.Add(f);
            }
        }

        var covered = new bool[fields.Count];
        int remaining = fields.Count - tooLarge.Count;
        var chosen = new HashSet<int>();
        while (remaining > 0)
        {
            int bestChip = -1, bestCount = 0;
            double bestMargin = 0;
            foreach (var (chip, list) in takers.OrderBy(kv => kv.Key))
            {
                if (chosen.Contains(chip))
                {
                    continue;
                }

                int count = 0;
                double total = 0;
                foreach (int f in list)
                {
                    if (!covered[f])
                    {
                        count++;
                        total += MarginOf(feasible[f], chip);
                    }
                }

                if (count > bestCount || (count == bestCount && count > 0 && total > bestMargin))
                {
                    (bestChip, bestCount, bestMargin) = (chip, count, total);
                }
            }

            chosen.Add(bestChip);
            foreach (int f in takers[bestChip])
            {
                if (!covered[f])
                {
                    covered[f] = true;
                    remaining--;
                }
            }
        }

        var assigned = new SortedDictionary<int, List<int>>();
        for (int f = 0; f < fields.Count; f++)
        {
            if (feasible[f] is null)
            {
                continue;
            }

            int chip = -1;
            double most = double.NegativeInfinity;
            foreach (var (c, m) in feasible[f].OrderBy(x => x.Chip))
            {
                if (chosen.Contains(c) && m > most)
                {
                    (chip, most) = (c, m);
                }
            }

            if (!assigned.TryGetValue(chip, out var list))
            {
                assigned[chip] = list = [];
            }

            list.Add(f);
        }

        var chips = assigned.Select(kv =>
        {
            int r = kv.Key / cols, c = kv.Key % cols;
            return new Selection(new PixelWindow(colStarts[c], rowStarts[r], chipSize, chipSize), r, c, kv.Value);
        }).ToList();
        return (chips, tooLarge);
    }

    private static double MarginOf(List<(int Chip, double Margin)> candidates, int chip)
    {
        foreach (var (c, m) in candidates)
        {
            if (c == chip)
            {
                return m;
            }
        }

        return 0;
    }
}
