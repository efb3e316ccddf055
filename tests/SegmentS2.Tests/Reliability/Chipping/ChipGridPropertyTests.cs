using FsCheck.Xunit;
using SegmentS2.Chipping;
using SegmentS2.Prompts;
using SegmentS2.Raster;

namespace SegmentS2.Tests.Reliability.Chipping;

/// <summary>
/// Properties of the chip grid over random raster sizes, chip sizes, overlaps and ROIs (fixed replay seed):
/// the write windows partition the ROI window (every pixel written exactly once), chip windows stay inside
/// the raster, every valid prompt reaches a chip, and a plan is refused only when the ROI misses the raster.
/// </summary>
public sealed class ChipGridPropertyTests
{
    private const int Cases = 250;
    private const string Replay = "(20240611,104729)";

    [Property(Arbitrary = [typeof(ChipGridCase.Arbitraries)], MaxTest = Cases, Replay = Replay)]
    public void Write_windows_partition_the_roi_window_exactly(ChipGridCase c)
    {
        if (Plan(c) is not { } plan)
        {
            return;
        }

        var roi = plan.RoiWindow;
        var written = new byte[roi.Width * roi.Height];
        foreach (var chip in plan.Chips)
        {
            var w = chip.Write;
            Assert.True(w.Col >= 0 && w.Row >= 0 && w.ColEnd <= roi.Width && w.RowEnd <= roi.Height && !w.IsEmpty, $"{c}: write window {w} outside the {roi} window");
            for (int r = w.Row; r < w.RowEnd; r++)
            {
                var row = written.AsSpan(r * roi.Width + w.Col, w.Width);
                for (int i = 0; i < row.Length; i++)
                {
                    row[i]++;
                }
            }
        }

        int first = Array.FindIndex(written, v => v != 1);
        Assert.True(first < 0, first < 0 ? "" : $"{c}: pixel ({first % roi.Width}, {first / roi.Width}) of the ROI window written {written[first]} times");
    }

    [Property(Arbitrary = [typeof(ChipGridCase.Arbitraries)], MaxTest = Cases, Replay = Replay)]
    public void Chip_windows_stay_inside_the_raster_and_hold_their_write_window(ChipGridCase c)
    {
        if (Plan(c) is not { } plan)
        {
            return;
        }

        Assert.True(plan.RoiWindow.IsInside(c.Width, c.Height), $"{c}: ROI window {plan.RoiWindow}");
        Assert.True(plan.RoiWindow.Width >= c.ChipSize && plan.RoiWindow.Height >= c.ChipSize, $"{c}: ROI window {plan.RoiWindow} smaller than a chip");
        foreach (var chip in plan.Chips)
        {
            var read = plan.ToRaster(chip.Read);
            Assert.Equal(c.ChipSize, read.Width);
            Assert.Equal(c.ChipSize, read.Height);
            Assert.True(read.IsInside(c.Width, c.Height), $"{c}: chip {chip.Index} reads {read}");
            var w = chip.Write;
            Assert.True(w.Col >= chip.Read.Col && w.Row >= chip.Read.Row && w.ColEnd <= chip.Read.ColEnd && w.RowEnd <= chip.Read.RowEnd,
                $"{c}: chip {chip.Index} writes {w} outside what it reads, {chip.Read}");
        }
    }

    [Property(Arbitrary = [typeof(ChipGridCase.Arbitraries)], MaxTest = Cases, Replay = Replay)]
    public void Every_valid_prompt_reaches_a_chip(ChipGridCase c)
    {
        if (Plan(c) is not { } plan)
        {
            return;
        }

        var roi = plan.RoiWindow;
        var groups = RandomGroups(c.PromptSeed, plan);
        var set = new PromptSet(groups, 32631, ChipGridCase.Transform);
        var reached = new HashSet<int>();
        var encoder = new GeoJsonPromptEncoder();
        foreach (var chip in plan.Chips)
        {
            foreach (var chipPrompt in encoder.ForChip(set, plan.ToRaster(chip.Read), pointsPerBatch: 3))
            {
                reached.Add(chipPrompt.Group.Index);
                Assert.All(chipPrompt.Calls, call => Assert.Equal(call.PointLabels.Length * 2, call.PointCoords.Length));
            }
        }

        foreach (var g in groups)
        {
            // Valid (reference rule): a foreground point in the window, or a box there for a group with no foreground point.
            bool valid = g.Points.Any(p => p.Label == 1) || g.Box is not null;
            Assert.True(!valid || reached.Contains(g.Index), $"{c}: prompt group {g.OriginalId} (points {string.Join(" ", g.Points)}, box {g.Box}) reached no chip of the {roi} window");
            Assert.True(valid || !reached.Contains(g.Index), $"{c}: background-only group {g.OriginalId} was sent to the decoder");
        }
    }

    [Fact]
    public void The_generated_cases_are_mostly_plannable_and_varied()
    {
        var cases = FsCheck.Fluent.Gen.Sample(ChipGridCase.Arbitraries.Cases().Generator, 50, new FsCheck.Rnd(20240611UL), 400);
        var plans = cases.Select(c => (Case: c, Plan: Plan(c))).Where(x => x.Plan is not null).ToList();
        Assert.True(plans.Count > cases.Length * 0.6, $"only {plans.Count} of {cases.Length} cases give a plan");
        Assert.Contains(plans, x => x.Plan!.Count >= 16);
        Assert.Contains(plans, x => x.Plan!.Count == 1);
        Assert.Contains(plans, x => x.Plan!.RoiWindow.Width == x.Case.ChipSize && x.Case.Width > x.Case.ChipSize); // grown
        Assert.Contains(cases, c => !c.KeepInside && Plan(c) is null);
    }

    // A plan, or null when the chipper refuses the case, which it may only do for an ROI that misses the raster.
    private static ChipPlan? Plan(ChipGridCase c)
    {
        var chipper = new SpatialChipper(new ChipperOptions { ChipSize = c.ChipSize, SpatialOverlap = c.Overlap, KeepGrownWindowInsideRaster = c.KeepInside });
        try
        {
            return chipper.Plan(c.Width, c.Height, ChipGridCase.Transform, c.Roi);
        }
        catch (RoiOutsideRasterException)
        {
            // Independent check: the touched pixel ranges do not overlap the raster.
            var t = ChipGridCase.Transform;
            double c0 = Math.Floor((c.Roi.MinX - t.X0) / t.Dx), c1 = Math.Ceiling((c.Roi.MaxX - t.X0) / t.Dx);
            double r0 = Math.Floor((c.Roi.MaxY - t.Y0) / t.Dy), r1 = Math.Ceiling((c.Roi.MinY - t.Y0) / t.Dy);
            Assert.True(c0 >= c.Width || c1 <= 0 || r0 >= c.Height || r1 <= 0, $"{c}: refused as outside the raster");
            return null;
        }
        catch (InvalidOptionException e) when (e.OptionName == nameof(ChipperOptions.SpatialOverlap))
        {
            // Refused as too many chips: only a tiny step over a large raster can need more than MaxChipCount.
            int step = (int)(c.ChipSize * (1 - c.Overlap));
            double upperBound = ((double)Math.Max(0, c.Width - c.ChipSize) / Math.Max(1, step) + 2) * ((double)Math.Max(0, c.Height - c.ChipSize) / Math.Max(1, step) + 2);
            Assert.True(upperBound > new ChipperOptions().MaxChipCount, $"{c}: refused as too many chips ({e.Message})");
            return null;
        }
        catch (RasterSmallerThanChipException)
        {
            // Only the reference's clamping (not shifting) of a grown window can leave less than a chip.
            Assert.False(c.KeepInside, $"{c}: refused as smaller than a chip although the window may shift inside the raster");
            return null;
        }
    }

    // Points on the window's edges, on chip boundaries and anywhere inside; boxes of positive area; some groups background only.
    private static List<PromptGroup> RandomGroups(int seed, ChipPlan plan)
    {
        var rng = new Random(seed);
        var roi = plan.RoiWindow;
        var xs = new List<double> { 0, roi.Width, 1e-9, roi.Width - 1e-9 };
        var ys = new List<double> { 0, roi.Height, 1e-9, roi.Height - 1e-9 };
        xs.AddRange(plan.ColStarts.Select(s => (double)s).Concat(plan.ColEdges.Select(e => (double)e)));
        ys.AddRange(plan.RowStarts.Select(s => (double)s).Concat(plan.RowEdges.Select(e => (double)e)));
        double X() => roi.Col + (rng.Next(3) == 0 ? xs[rng.Next(xs.Count)] : rng.NextDouble() * roi.Width);
        double Y() => roi.Row + (rng.Next(3) == 0 ? ys[rng.Next(ys.Count)] : rng.NextDouble() * roi.Height);

        var groups = new List<PromptGroup>();
        int count = rng.Next(1, 12);
        for (int g = 0; g < count; g++)
        {
            var points = Enumerable.Range(0, rng.Next(0, 4)).Select(_ => new PromptPoint(X(), Y(), rng.Next(2))).ToList();
            PromptBox? box = null;
            if (points.Count == 0 || rng.Next(3) == 0)
            {
                double x0 = X(), y0 = Y(), x1 = X(), y1 = Y();
                if (Math.Abs(x1 - x0) < 1e-3)
                {
                    x1 = x0 < roi.Col + roi.Width / 2.0 ? x0 + 0.5 : x0 - 0.5;
                }

                if (Math.Abs(y1 - y0) < 1e-3)
                {
                    y1 = y0 < roi.Row + roi.Height / 2.0 ? y0 + 0.5 : y0 - 0.5;
                }

                box = new PromptBox(Math.Min(x0, x1), Math.Min(y0, y1), Math.Max(x0, x1), Math.Max(y0, y1));
            }

            groups.Add(new PromptGroup(g, $"g{g}", points, box, box is null ? points.Count : rng.Next(points.Count + 1)));
        }

        return groups;
    }
}
