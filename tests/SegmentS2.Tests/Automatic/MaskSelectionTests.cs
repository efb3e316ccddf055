using SegmentS2.Automatic;
using SegmentS2.Raster;

namespace SegmentS2.Tests.Automatic;

/// <summary>
/// The reference's selection (NMS within chips on score, NMS across chips preferring smaller boxes, the chip-border rule),
/// on boxes whose IoUs are computed by hand in each test.
/// </summary>
public sealed class MaskSelectionTests
{
    private static readonly PixelWindow Chip0 = new(0, 0, 1024, 1024);
    private static readonly PixelWindow Chip1 = new(512, 0, 1024, 1024);

    private static MaskCandidate Box(int chip, int order, float score, int x0, int y0, int x1, int y1) =>
        new(chip, order, score, 0.99f, x0, y0, x1, y1, 1, default);

    private static IReadOnlyList<(PixelWindow, IReadOnlyList<MaskCandidate>)> Chips(params MaskCandidate[][] perChip) =>
        perChip.Select((c, i) => (i == 0 ? Chip0 : new PixelWindow(512 * i, 0, 1024, 1024), (IReadOnlyList<MaskCandidate>)c)).ToArray();

    [Fact]
    public void WithinAChip_TheLowerScoredOfTwoOverlappingBoxesGoes()
    {
        // (100..200)^2 and (110..200)^2: areas 10000 and 8100, intersection 8100, IoU 0.81 > 0.7.
        var high = Box(0, 0, 0.95f, 110, 110, 200, 200);
        var low = Box(0, 1, 0.90f, 100, 100, 200, 200);
        var far = Box(0, 2, 0.91f, 400, 400, 450, 450);
        var kept = MaskSelection.Select(Chips([low, high, far]), 0.7, 0.5);
        // Bands: smallest box first (far, 2500 px, before high, 8100 px).
        Assert.Equal([far, high], kept);
    }

    [Fact]
    public void WithinAChip_AnIouOfExactlyTheThresholdSuppressesNothing()
    {
        // (200..300) x (100..110) and (200..300) x (103..110): IoU = 700 / 1000 = 0.7, not above 0.7: both stay
        // (the cross-chip threshold is set above it here, so that only the chip's NMS decides).
        var a = Box(0, 0, 0.95f, 200, 0 + 100, 300, 10 + 100);
        var b = Box(0, 1, 0.90f, 200, 3 + 100, 300, 10 + 100);
        Assert.Equal(2, MaskSelection.Select(Chips([a, b]), 0.7, 0.75).Count);
        Assert.Single(MaskSelection.Select(Chips([a, b]), 0.69, 0.75));
    }

    [Fact]
    public void AcrossChips_TheSmallerBoxWins_AndBandsAreSmallestFirst()
    {
        // Chip 0: A (100..300)^2 area 40000. Chip 1: B (600..700) area 10000 and C (610..700)x(600..700) area 9000.
        // B and C: intersection 9000, IoU 0.9 -> within chip 1 the higher score stays (B 0.95).
        // A and B do not overlap. Kept: chip 0 [A], chip 1 [B].
        var a = Box(0, 0, 0.9f, 100, 100, 300, 300);
        var b = Box(1, 0, 0.95f, 600, 600, 700, 700);
        var c = Box(1, 1, 0.92f, 610, 600, 700, 700);
        var d = Box(1, 2, 0.91f, 800, 100, 850, 130); // area 1500: first of chip 1's bands
        var kept = MaskSelection.Select(Chips([a], [b, c, d]), 0.7, 0.5);
        Assert.Equal([a, d, b], kept);
    }

    [Fact]
    public void AcrossChips_AnOverlappingLargerBoxOfAnotherChipIsSuppressed()
    {
        // Chip 0: (520..720)x(100..300) area 40000; chip 1: (530..720)x(110..300) area 36100; IoU 0.9025 > 0.5.
        var large = Box(0, 0, 0.99f, 520, 100, 720, 300);
        var small = Box(1, 0, 0.90f, 530, 110, 720, 300);
        Assert.Equal([small], MaskSelection.Select(Chips([large], [small]), 0.7, 0.5));
    }

    [Fact]
    public void AcrossChips_EqualAreasKeepTheEarlierChip()
    {
        // The same box from both chips: IoU 1, equal areas; the stable order keeps chip 0's.
        var first = Box(0, 0, 0.90f, 600, 100, 700, 200);
        var second = Box(1, 0, 0.99f, 600, 100, 700, 200);
        Assert.Equal([first], MaskSelection.Select(Chips([first], [second]), 0.7, 0.5));
    }

    [Fact]
    public void BorderRule_DropsAMaskOnItsChipsLeftEdgeThatLiesInsideAnotherChipsMask()
    {
        // Chip 1 starts at column 512. Its mask (512..600)x(100..200) touches that edge (x0 <= 512) and lies inside chip 0's
        // (500..700)x(90..210) within 5 px. IoU = 8800 / 24000 = 0.37: the NMS keeps both; the border rule drops chip 1's.
        var outer = Box(0, 0, 0.9f, 500, 90, 700, 210);
        var edge = Box(1, 0, 0.9f, 512, 100, 600, 200);
        Assert.Equal([outer], MaskSelection.Select(Chips([outer], [edge]), 0.7, 0.5));
    }

    [Fact]
    public void BorderRule_KeepsAMaskInsideAnotherThatDoesNotTouchItsChip()
    {
        // The same pair one column to the right: chip 1's mask starts at 513, inside its chip; it stays.
        var outer = Box(0, 0, 0.9f, 500, 90, 700, 210);
        var inner = Box(1, 0, 0.9f, 513, 100, 600, 200);
        Assert.Equal(2, MaskSelection.Select(Chips([outer], [inner]), 0.7, 0.5).Count);
    }

    [Fact]
    public void BorderRule_TheRightEdgeNeverTouches_AsInTheReference()
    {
        // Chip 0 ends at column 1023 (inclusive). The reference tests x1 >= 0 + 1024, which an inclusive box never meets.
        var onRightEdge = Box(0, 0, 0.9f, 900, 100, 1023, 200);
        Assert.False(MaskSelection.TouchesChipBorder(onRightEdge, Chip0));
        Assert.True(MaskSelection.TouchesChipBorder(Box(0, 0, 0.9f, 0, 100, 50, 200), Chip0));
        Assert.True(MaskSelection.TouchesChipBorder(Box(1, 0, 0.9f, 600, 0, 650, 200), Chip1));
    }

    [Fact]
    public void BorderRule_ComparesBoxesAndChipsInOneFrame_WhereTheReferenceMixesThem()
    {
        // An ROI 3000 columns into the tile. The reference shifts boxes by the read window (raster frame) but keeps chip
        // windows in the ROI frame, so chip 1's mask in the middle of its chip (ROI columns 900..1000) would "touch":
        // 3900 >= 512 + 1024. In one frame it does not, and it stays although it lies inside chip 0's mask.
        var outer = Box(0, 0, 0.9f, 850, 50, 1020, 300);
        var middle = Box(1, 0, 0.9f, 900, 100, 1000, 200);
        var referenceFrameBox = Box(1, 0, 0.9f, 900 + 3000, 100, 1000 + 3000, 200);
        Assert.True(MaskSelection.TouchesChipBorder(referenceFrameBox, Chip1));
        Assert.False(MaskSelection.TouchesChipBorder(middle, Chip1));
        Assert.Equal(2, MaskSelection.Select(Chips([outer], [middle]), 0.7, 0.5).Count);
    }

    [Fact]
    public void NoCandidates_SelectNothing_WhereTheReferenceFails()
    {
        Assert.Empty(MaskSelection.Select(Chips([], []), 0.7, 0.5));
        Assert.Empty(MaskSelection.Select([], 0.7, 0.5));
    }

    [Fact]
    public void ThousandsOfBoxes_GiveTheSameAnswerAsComparingEveryPair()
    {
        // The bucket grid is an index, not a change of rule: compare with a brute-force NMS over all pairs.
        var random = new Random(7);
        var chips = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, 300).Select(i =>
        {
            int x = 512 * c + random.Next(0, 1000), y = random.Next(0, 1000), w = random.Next(1, 300), h = random.Next(1, 300);
            return Box(c, i, (float)random.NextDouble(), x, y, Math.Min(512 * c + 1023, x + w), Math.Min(1023, y + h));
        }).ToArray()).ToArray();
        var kept = MaskSelection.Select(Chips(chips), 0.7, 0.5);

        var afterChip = chips.SelectMany(c => Nms(c.OrderByDescending(b => b.Score).ThenBy(b => b.Order).ToList(), 0.7)).ToList();
        var afterMasks = Nms(afterChip.Select((b, i) => (b, i)).OrderBy(p => p.b.BoxArea).ThenBy(p => p.i).Select(p => p.b).ToList(), 0.5);
        var expected = afterMasks.GroupBy(b => b.Chip).OrderBy(g => g.Key).SelectMany(g => g.Where(b =>
            !(MaskSelection.TouchesChipBorder(b, new PixelWindow(512 * b.Chip, 0, 1024, 1024)) && afterMasks.Any(o => o.Chip != b.Chip && MaskSelection.Contains(o, b))))).ToList();
        Assert.Equal(expected, kept);
        Assert.InRange(kept.Count, 50, 899);

        static List<MaskCandidate> Nms(List<MaskCandidate> ordered, double threshold)
        {
            var result = new List<MaskCandidate>();
            foreach (var b in ordered)
            {
                if (!result.Any(k => Iou(k, b) > threshold))
                {
                    result.Add(b);
                }
            }

            return result;
        }

        static double Iou(MaskCandidate a, MaskCandidate b)
        {
            double w = Math.Max(0, Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0)), h = Math.Max(0, Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0));
            return w * h / (a.BoxArea + b.BoxArea - w * h);
        }
    }
}
