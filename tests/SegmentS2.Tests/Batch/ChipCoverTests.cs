using SegmentS2.Batch;
using SegmentS2.Chipping;

namespace SegmentS2.Tests.Batch;

public sealed class ChipCoverTests
{
    [Theory]
    [InlineData(10980, 1000, 1, 128)]
    [InlineData(10980, 300, 2, 128)]
    [InlineData(3072, 200, 3, 0)]
    [InlineData(5000, 500, 4, 300)]
    public void Every_field_lands_whole_in_one_chip_with_the_room_the_grid_allows_and_chips_stay_within_a_quarter_of_a_greedy_cover(int size, int count, int seed, int margin)
    {
        var rng = new Random(seed);
        var fields = new List<ChipCover.Extent>();
        for (int i = 0; i < count; i++)
        {
            // Clustered fields of 0..300 px, like parcels of a few farms.
            double cx = rng.Next(8) * size / 8.0 + rng.NextDouble() * size / 8, cy = rng.Next(8) * size / 8.0 + rng.NextDouble() * size / 8;
            double w = rng.NextDouble() * 300, h = rng.NextDouble() * 300;
            fields.Add(new ChipCover.Extent(Math.Clamp(cx - w / 2, 0, size - w), Math.Clamp(cy - h / 2, 0, size - h), Math.Clamp(cx - w / 2, 0, size - w) + w, Math.Clamp(cy - h / 2, 0, size - h) + h));
        }

        var starts = ChipAxis.Starts(size, 1024, 512);
        var (chips, tooLarge) = ChipCover.Choose(fields, starts, starts, 1024, margin);

        Assert.Empty(tooLarge);
        var seen = new int[count];
        foreach (var chip in chips)
        {
            Assert.NotEmpty(chip.Fields);
            foreach (int f in chip.Fields)
            {
                seen[f]++;
                var e = fields[f];
                double m = Margin(e, chip.Window.Col, chip.Window.Row);
                double best = starts.SelectMany(r => starts.Select(c => Margin(e, c, r))).Max();
                Assert.True(m >= Math.Min(margin, best), $"field {f}: margin {m} in its chip, {best} possible");
            }
        }

        Assert.All(seen, n => Assert.Equal(1, n));

        // An independent greedy set cover over the same "good chip" sets (the textbook algorithm, no tie rules).
        var bests = fields.Select(e => starts.SelectMany(rr => starts.Select(cc => Margin(e, cc, rr))).Max()).ToArray();
        var sets = new List<HashSet<int>>();
        foreach (int r in starts)
        {
            foreach (int c in starts)
            {
                sets.Add(Enumerable.Range(0, count).Where(f => Margin(fields[f], c, r) >= Math.Min(margin, bests[f])).ToHashSet());
            }
        }

        var uncovered = Enumerable.Range(0, count).ToHashSet();
        int greedy = 0;
        while (uncovered.Count > 0)
        {
            var pick = sets.MaxBy(s => s.Count(uncovered.Contains))!;
            uncovered.ExceptWith(pick);
            greedy++;
        }

        Assert.True(chips.Count <= 1.25 * greedy, $"{chips.Count} chips, greedy cover {greedy}");
        Assert.True(chips.Count < count, $"{chips.Count} chips for {count} fields");
    }

    [Fact]
    public void A_field_wider_than_a_chip_fits_no_chip()
    {
        var starts = ChipAxis.Starts(3072, 1024, 512);
        var (chips, tooLarge) = ChipCover.Choose([new ChipCover.Extent(100, 100, 1200, 300), new ChipCover.Extent(100, 100, 300, 300)], starts, starts, 1024, 128);
        Assert.Equal([0], tooLarge);
        Assert.Equal([1], Assert.Single(chips).Fields);
    }

    private static double Margin(ChipCover.Extent e, int col, int row) =>
        Math.Min(Math.Min(e.XMin - col, col + 1024 - e.XMax), Math.Min(e.YMin - row, row + 1024 - e.YMax));
}
