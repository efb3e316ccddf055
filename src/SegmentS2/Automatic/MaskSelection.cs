using SegmentS2.Raster;

namespace SegmentS2.Automatic;

/// <summary>
/// The reference's mask selection (<c>select_masks</c> in FarmVibes' <c>combine_sam_masks.py</c>): NMS within each chip
/// on SAM's predicted IoU, NMS across chips preferring smaller boxes, then the chip-border rule. Boxes and chip windows
/// are compared in one frame (ROI-window pixels), where the reference mixes the raster frame and the ROI frame. Ties keep
/// candidate order (torchvision's sort does not promise any). Overlap tests go through a bucket grid, so a tile's
/// thousands of masks do not cost a comparison per pair.
/// </summary>
internal static class MaskSelection
{
    /// <summary>Pixels by which a box may stick out of another and still count as inside it (<c>is_contained_by_others</c>).</summary>
    public const int ContainmentTolerance = 5;

    private const int Cell = 256;

    /// <summary>The kept masks: chips in plan order, each chip's masks in the order the cross-chip NMS kept them (smallest box first).</summary>
    /// <param name="chips">Each chip's window (ROI-window pixels) and candidates in candidate order.</param>
    /// <param name="chipNmsThreshold">IoU above which a box suppresses a lower-scored one of its chip.</param>
    /// <param name="maskNmsThreshold">IoU above which a box suppresses a larger one.</param>
    public static IReadOnlyList<MaskCandidate> Select(IReadOnlyList<(PixelWindow Window, IReadOnlyList<MaskCandidate> Candidates)> chips, double chipNmsThreshold, double maskNmsThreshold)
    {
        // 1. Within each chip: SAM's score, descending; float32 IoU as torchvision computes it for float32 boxes.
        var afterChip = new List<MaskCandidate>();
        foreach (var (_, candidates) in chips)
        {
            var order = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Order).ToList();
            var kept = new List<MaskCandidate>();
            foreach (var c in order)
            {
                if (!kept.Any(k => IouSingle(k, c) > (float)chipNmsThreshold))
                {
                    kept.Add(c);
                }
            }

            afterChip.AddRange(kept);
        }

        // 2. Across chips: 1 / box area, descending (smaller boxes first), ties in the order above.
        var byArea = afterChip.Select((c, i) => (Candidate: c, Position: i))
            .OrderByDescending(p => 1.0 / p.Candidate.BoxArea).ThenBy(p => p.Position).Select(p => p.Candidate);
        var grid = new BucketGrid();
        var afterMasks = new List<MaskCandidate>();
        foreach (var c in byArea)
        {
            if (!grid.Near(c.X0, c.Y0, c.X1, c.Y1).Any(k => IouDouble(k, c) > maskNmsThreshold))
            {
                grid.Add(c);
                afterMasks.Add(c);
            }
        }

        // 3. Drop a mask that touches its chip's border and lies inside a kept mask of another chip.
        var windows = chips.Select(c => c.Window).ToArray();
        var result = new List<MaskCandidate>(afterMasks.Count);
        foreach (var chipMasks in afterMasks.GroupBy(c => c.Chip).OrderBy(g => g.Key))
        {
            foreach (var c in chipMasks)
            {
                bool contained = grid.Near(c.X0 - ContainmentTolerance, c.Y0 - ContainmentTolerance, c.X1 + ContainmentTolerance, c.Y1 + ContainmentTolerance)
                    .Any(o => o.Chip != c.Chip && Contains(o, c));
                if (!(TouchesChipBorder(c, windows[c.Chip]) && contained))
                {
                    result.Add(c);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The reference's <c>touch_chip_boundaries</c>: the box's left or top edge at or before the chip's, or its right or
    /// bottom index at or past the chip's exclusive end (which an inclusive box inside the chip never reaches).
    /// </summary>
    public static bool TouchesChipBorder(MaskCandidate box, PixelWindow chip) =>
        box.X0 <= chip.Col || box.Y0 <= chip.Row || box.X1 >= chip.Col + chip.Width || box.Y1 >= chip.Row + chip.Height;

    /// <summary>The reference's <c>is_contained_by_others</c> for one other box, with its 5-pixel tolerance.</summary>
    public static bool Contains(MaskCandidate outer, MaskCandidate inner) =>
        inner.X0 >= outer.X0 - ContainmentTolerance && inner.Y0 >= outer.Y0 - ContainmentTolerance
        && inner.X1 <= outer.X1 + ContainmentTolerance && inner.Y1 <= outer.Y1 + ContainmentTolerance;

    private static float IouSingle(MaskCandidate a, MaskCandidate b)
    {
        float w = Math.Max(0f, Math.Min((float)a.X1, b.X1) - Math.Max((float)a.X0, b.X0));
        float h = Math.Max(0f, Math.Min((float)a.Y1, b.Y1) - Math.Max((float)a.Y0, b.Y0));
        float inter = w * h;
        return inter / ((float)a.BoxArea + (float)b.BoxArea - inter);
    }

    private static double IouDouble(MaskCandidate a, MaskCandidate b)
    {
        double w = Math.Max(0, Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0));
        double h = Math.Max(0, Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0));
        double inter = w * h;
        return inter / (a.BoxArea + b.BoxArea - inter);
    }

    // Boxes by the 256-pixel cells they cover; a query returns every box in the cells its rectangle covers (with repeats).
    private sealed class BucketGrid
    {
        private readonly Dictionary<(int, int), List<MaskCandidate>> _cells = [];

        public void Add(MaskCandidate c)
        {
            for (int cy = Floor(c.Y0); cy <= Floor(c.Y1); cy++)
            {
                for (int cx = Floor(c.X0); cx <= Floor(c.X1); cx++)
                {
                    if (!_cells.TryGetValue((cx, cy), out var list))
                    {
                        _cells[(cx, cy)] = list = [];
                    }

                    list.Add(c);
                }
            }
        }

        public IEnumerable<MaskCandidate> Near(int x0, int y0, int x1, int y1)
        {
            for (int cy = Floor(y0); cy <= Floor(y1); cy++)
            {
                for (int cx = Floor(x0); cx <= Floor(x1); cx++)
                {
                    if (_cells.TryGetValue((cx, cy), out var list))
                    {
                        foreach (var c in list)
                        {
                            yield return c;
                        }
                    }
                }
            }
        }

        private static int Floor(int v) => (int)Math.Floor(v / (double)Cell);
    }
}
