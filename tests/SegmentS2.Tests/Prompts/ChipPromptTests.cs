using SegmentS2.Prompts;
using SegmentS2.Raster;
using static SegmentS2.Tests.Prompts.PromptGeoJson;

namespace SegmentS2.Tests.Prompts;

/// <summary>
/// Per-chip selection and decoder encoding on a 2048 x 1024 raster cut with no overlap into chip 0 (columns 0..1024)
/// and chip 1 (columns 1024..2048), so column 1024 is the shared edge. Expected values follow the reference rules:
/// points kept when col_min &lt;= x &lt;= col_min + 1024 (inclusive), boxes when they overlap strictly, then clipped.
/// </summary>
public class ChipPromptTests
{
    private static readonly PixelWindow Chip0 = new(0, 0, 1024, 1024);
    private static readonly PixelWindow Chip1 = new(1024, 0, 1024, 1024);
    private readonly GeoJsonPromptEncoder _encoder = new();

    private PromptSet Prepare(params string[] features) =>
        _encoder.Prepare(_encoder.ReadGeoJson(Collection(features)), Epsg, Transform, RasterBounds, Epsg);

    [Fact]
    public void Point_on_the_shared_edge_is_in_both_chips()
    {
        var set = Prepare(Point(1024, 100, "1"));
        var in0 = Assert.Single(_encoder.ForChip(set, Chip0));
        var in1 = Assert.Single(_encoder.ForChip(set, Chip1));
        // Chip 0: x = 1024 - 0; chip 1: x = 1024 - 1024 = 0. Then the padding point (0, 0) labelled -1.
        Assert.Equal([1024f, 100f, 0f, 0f], in0.Calls.Single().PointCoords);
        Assert.Equal([0f, 100f, 0f, 0f], in1.Calls.Single().PointCoords);
        Assert.Equal([1f, -1f], in1.Calls.Single().PointLabels);
    }

    [Fact]
    public void Point_just_past_the_edge_is_in_one_chip()
    {
        var set = Prepare(Point(1024.5, 100, "1"));
        Assert.Empty(_encoder.ForChip(set, Chip0));
        Assert.Equal([0.5f, 100f, 0f, 0f], Assert.Single(_encoder.ForChip(set, Chip1)).Calls.Single().PointCoords);
    }

    [Fact]
    public void Box_touching_an_edge_is_absent_from_the_chip_it_only_touches()
    {
        // Box 1024..1100 touches chip 0 at x = 1024: xmin < col_max is 1024 < 1024, false.
        var set = Prepare(Box(1024, 10, 1100, 20, "1", "0"), Box(900, 30, 1024, 40, "2", "0"));
        var in0 = _encoder.ForChip(set, Chip0);
        var in1 = _encoder.ForChip(set, Chip1);
        Assert.Equal(["2"], in0.Select(p => p.Group.OriginalId));
        Assert.Equal(["1"], in1.Select(p => p.Group.OriginalId));
        // Box-only groups: corners labelled 2 and 3, no padding. Chip 1: (1024 - 1024, 10), (1100 - 1024, 20).
        Assert.Equal([0f, 10f, 76f, 20f], in1[0].Calls.Single().PointCoords);
        Assert.Equal([2f, 3f], in1[0].Calls.Single().PointLabels);
        Assert.Equal([900f, 30f, 1024f, 40f], in0[0].Calls.Single().PointCoords);
    }

    [Fact]
    public void Box_crossing_an_edge_is_clipped_in_each_chip()
    {
        var set = Prepare(Box(1000, 10, 1100, 20, "1", "0"));
        var in0 = Assert.Single(_encoder.ForChip(set, Chip0));
        var in1 = Assert.Single(_encoder.ForChip(set, Chip1));
        // Chip 0: x clipped to min(1100, 1024) = 1024; chip 1: max(1000, 1024) - 1024 = 0, 1100 - 1024 = 76.
        Assert.Equal(new PromptBox(1000, 10, 1024, 20), Round(in0.BoxInChip!.Value));
        Assert.Equal(new PromptBox(0, 10, 76, 20), Round(in1.BoxInChip!.Value));
        Assert.Equal([1000f, 10f, 1024f, 20f], in0.Calls.Single().PointCoords);
        Assert.Equal([0f, 10f, 76f, 20f], in1.Calls.Single().PointCoords);
    }

    [Fact]
    public void Grown_box_goes_with_its_foreground_points()
    {
        // Box 1100..1200 x 100..200 grows to the foreground point (1000, 150): 1000..1200.
        var set = Prepare(Box(1100, 100, 1200, 200, "9"), Point(1000, 150, "9"));
        var in0 = Assert.Single(_encoder.ForChip(set, Chip0));
        // Chip 0: the point, then the grown box clipped to 1000..1024.
        Assert.Equal([1000f, 150f, 1000f, 100f, 1024f, 200f], in0.Calls.Single().PointCoords);
        Assert.Equal([1f, 2f, 3f], in0.Calls.Single().PointLabels);
        // Chip 1 holds part of the box but none of the group's foreground points: the group is not valid there.
        Assert.Empty(_encoder.ForChip(set, Chip1));
    }

    [Fact]
    public void Group_whose_only_foreground_point_is_in_another_chip_is_absent()
    {
        var set = Prepare(Point(100, 100, "5"), Point(1500, 100, "5", "0"));
        Assert.Equal([100f, 100f, 0f, 0f], Assert.Single(_encoder.ForChip(set, Chip0)).Calls.Single().PointCoords);
        Assert.Empty(_encoder.ForChip(set, Chip1));
    }

    [Fact]
    public void Background_only_groups_are_never_valid()
    {
        var set = Prepare(Point(100, 100, "5", "0"), Point(1500, 100, "5", "0"), Point(1024, 5, "6", "0"));
        Assert.Empty(_encoder.ForChip(set, Chip0));
        Assert.Empty(_encoder.ForChip(set, Chip1));
    }

    [Fact]
    public void Box_with_background_points_is_valid_and_sends_points_then_corners()
    {
        var set = Prepare(Point(1100, 50, "3", "0"), Box(1050, 40, 1300, 60, "3", "0"), Point(1200, 55, "3", "0"));
        var call = Assert.Single(_encoder.ForChip(set, Chip1)).Calls.Single();
        Assert.Equal([76f, 50f, 176f, 55f, 26f, 40f, 276f, 60f], call.PointCoords);
        Assert.Equal([0f, 0f, 2f, 3f], call.PointLabels);
    }

    [Fact]
    public void Groups_come_in_output_band_order_with_chip_coordinates_as_float32()
    {
        var set = Prepare(Point(1500.3, 10.7, "20"), Point(1100, 10, "3"));
        var prompts = _encoder.ForChip(set, Chip1);
        Assert.Equal(["3", "20"], prompts.Select(p => p.Group.OriginalId));
        Assert.Equal([0, 1], prompts.Select(p => p.Group.Index));
        // float32 of the double difference, as the reference casts with astype(np.float32).
        Assert.Equal((float)(1500.3 - 1024.0), prompts[1].Calls.Single().PointCoords[0]);
    }

    [Fact]
    public void More_than_points_per_batch_elements_make_two_decoder_calls()
    {
        // 70 foreground points: [p0..p63] + padding, then [p64..p69] + padding.
        var set = Prepare(Enumerable.Range(0, 70).Select(i => Point(10 + i, 20, "1")).ToArray());
        var calls = Assert.Single(_encoder.ForChip(set, Chip0)).Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal(65, calls[0].PointCount);
        Assert.Equal(7, calls[1].PointCount);
        Assert.Equal(Enumerable.Repeat(1f, 64).Append(-1f), calls[0].PointLabels);
        Assert.Equal(74f, calls[1].PointCoords[0]); // p64 at column 10 + 64
        Assert.Equal([0f, 0f], calls[1].PointCoords[^2..]);
    }

    [Fact]
    public void A_grown_box_counts_as_the_first_element_of_the_first_batch()
    {
        // Box plus 70 foreground points inside it: elements [box, p0..p69]; batch 1 = box + p0..p62 (63 points, then
        // corners 2, 3), batch 2 = p63..p69 (7 points) + padding.
        var features = Enumerable.Range(0, 70).Select(i => Point(10 + i, 20, "1")).Prepend(Box(5, 5, 200, 200, "1")).ToArray();
        var calls = Assert.Single(_encoder.ForChip(Prepare(features), Chip0)).Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal(65, calls[0].PointCount);
        Assert.Equal(Enumerable.Repeat(1f, 63).Concat([2f, 3f]), calls[0].PointLabels);
        Assert.Equal([5f, 5f, 200f, 200f], calls[0].PointCoords[^4..]);
        Assert.Equal(8, calls[1].PointCount);
        Assert.Equal(73f, calls[1].PointCoords[0]); // p63
        Assert.Equal(-1f, calls[1].PointLabels[^1]);
    }

    [Fact]
    public void An_ungrown_box_is_batched_where_it_sits_in_file_order()
    {
        // 100 background points with the box after the 80th: elements [p0..p79, box, p80..p99].
        // Batch 1 = p0..p63 + padding; batch 2 = p64..p79, box, p80..p99 = 36 points then the corners.
        var features = Enumerable.Range(0, 100).Select(i => Point(10 + i, 20, "4", "0")).ToList();
        features.Insert(80, Box(5, 5, 500, 500, "4", "0"));
        var calls = Assert.Single(_encoder.ForChip(Prepare([.. features]), Chip0)).Calls;
        Assert.Equal(2, calls.Count);
        Assert.Equal(Enumerable.Repeat(0f, 64).Append(-1f), calls[0].PointLabels);
        Assert.Equal(Enumerable.Repeat(0f, 36).Concat([2f, 3f]), calls[1].PointLabels);
        Assert.Equal(74f, calls[1].PointCoords[0]); // p64
    }

    [Fact]
    public void Points_per_batch_is_configurable_and_must_be_positive()
    {
        var set = Prepare(Point(1, 2, "1"), Point(3, 4, "1"), Point(5, 6, "1"));
        Assert.Equal(3, Assert.Single(_encoder.ForChip(set, Chip0, 1)).Calls.Count);
        var e = Assert.Throws<InvalidOptionException>(() => _encoder.ForChip(set, Chip0, 0));
        Assert.Contains("0", e.Message);
    }

    private static PromptBox Round(PromptBox b) => new(Math.Round(b.XMin, 9), Math.Round(b.YMin, 9), Math.Round(b.XMax, 9), Math.Round(b.YMax, 9));
}
