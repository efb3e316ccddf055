using NetTopologySuite.Geometries;
using SegmentS2.Chipping;
using SegmentS2.Raster;

namespace SegmentS2.Tests.Chipping;

public class SpatialChipperTests
{
    // 10 m UTM pixels; column c spans x in [500000 + 10 c, 500000 + 10 (c + 1)], row r spans y downwards from 4000000.
    private static readonly GeoTransform Utm = new(500000, 10, 0, 4000000, 0, -10);

    private static Envelope Pixels(double col0, double row0, double col1, double row1) =>
        new(500000 + 10 * col0, 500000 + 10 * col1, 4000000 - 10 * row1, 4000000 - 10 * row0);

    [Fact]
    public void Whole_raster_without_roi_is_the_window()
    {
        var plan = new SpatialChipper().Plan(3000, 2048, Utm, null);
        Assert.Equal(new PixelWindow(0, 0, 3000, 2048), plan.RoiWindow);
        // 3000 at step 512: starts [0, 494, 988, 1482, 1976]; 2048: [0, 512, 1024].
        Assert.Equal([0, 494, 988, 1482, 1976], plan.ColStarts);
        Assert.Equal([0, 512, 1024], plan.RowStarts);
        Assert.Equal(15, plan.Count);
        Assert.Equal(Utm, plan.RoiTransform);
    }

    [Fact]
    public void Roi_window_takes_every_touched_pixel_floor_and_ceiling()
    {
        // Columns 1000.5 .. 2100.25 -> floor 1000, ceil 2101; rows 10.5 .. 1200.5 -> 10 .. 1201.
        var plan = new SpatialChipper().Plan(3000, 3000, Utm, Pixels(1000.5, 10.5, 2100.25, 1200.5));
        Assert.Equal(new PixelWindow(1000, 10, 1101, 1191), plan.RoiWindow);
        // The ROI window's transform starts at its top-left pixel.
        Assert.Equal(new GeoTransform(510000, 10, 0, 3999900, 0, -10), plan.RoiTransform);
    }

    [Fact]
    public void Roi_on_exact_pixel_edges_takes_no_extra_pixel()
    {
        // Columns exactly 1000 .. 2100 -> window [1000, 2100), 1100 wide.
        var plan = new SpatialChipper().Plan(3000, 3000, Utm, Pixels(1000, 0, 2100, 1100));
        Assert.Equal(new PixelWindow(1000, 0, 1100, 1100), plan.RoiWindow);
    }

    [Fact]
    public void Small_roi_grows_to_the_chip_around_its_centre()
    {
        // Columns 1000.5 .. 1100.5 -> [1000, 1101), 101 wide: diff 923, 923 // 2 = 461 before, 462 after -> [539, 1563).
        // Rows 1500 .. 1600 -> [1500, 1600), 100 wide: diff 924, 462 each side -> [1038, 2062).
        var plan = new SpatialChipper().Plan(3000, 3000, Utm, Pixels(1000.5, 1500, 1100.5, 1600));
        Assert.Equal(new PixelWindow(539, 1038, 1024, 1024), plan.RoiWindow);
        Assert.Equal(1, plan.Count);
    }

    [Fact]
    public void Grown_window_near_an_edge_is_shifted_inside_the_raster()
    {
        // Columns 2950 .. 2990 -> diff 984, 492 each side -> [2458, 3482) crosses 3000: shifted to [1976, 3000).
        // Rows 10 .. 50 -> [-482, 542) crosses 0: shifted to [0, 1024).
        var plan = new SpatialChipper().Plan(3000, 3000, Utm, Pixels(2950, 10, 2990, 50));
        Assert.Equal(new PixelWindow(1976, 0, 1024, 1024), plan.RoiWindow);
    }

    [Fact]
    public void Reference_clamping_fails_near_an_edge_and_says_so()
    {
        // The reference clamps [2458, 3482) to [2458, 3000): 542 px, smaller than a chip.
        var chipper = new SpatialChipper(new ChipperOptions { KeepGrownWindowInsideRaster = false });
        var e = Assert.Throws<RasterSmallerThanChipException>(() => chipper.Plan(3000, 3000, Utm, Pixels(2950, 1000, 2990, 1050)));
        Assert.Equal(542, e.Width);
        Assert.Contains("KeepGrownWindowInsideRaster", e.Message);
        // Away from the edges both modes give the same window.
        var centre = Pixels(1000.5, 1500, 1100.5, 1600);
        Assert.Equal(new SpatialChipper().Plan(3000, 3000, Utm, centre).RoiWindow, chipper.Plan(3000, 3000, Utm, centre).RoiWindow);
    }

    [Fact]
    public void Roi_partly_outside_is_clamped_to_the_raster()
    {
        var plan = new SpatialChipper().Plan(3000, 3000, Utm, Pixels(-500, -20, 1500.2, 4000));
        Assert.Equal(new PixelWindow(0, 0, 1501, 3000), plan.RoiWindow);
    }

    [Fact]
    public void Roi_outside_the_raster_is_refused()
    {
        var e = Assert.Throws<RoiOutsideRasterException>(() => new SpatialChipper().Plan(3000, 3000, Utm, Pixels(3000, 0, 3100, 100)));
        Assert.Contains("3000 x 3000", e.Message);
        Assert.Throws<RoiOutsideRasterException>(() => new SpatialChipper().Plan(3000, 3000, Utm,
            new Envelope(500000, double.PositiveInfinity, 3990000, 3999000)));
    }

    [Fact]
    public void Raster_smaller_than_a_chip_is_refused_with_its_size()
    {
        var e = Assert.Throws<RasterSmallerThanChipException>(() => new SpatialChipper().Plan(1000, 3000, Utm, null));
        Assert.Contains("1000 x 3000", e.Message);
        Assert.Contains("smaller than one 1024", e.Message);
    }

    [Fact]
    public void Chips_are_row_major_with_read_and_write_windows()
    {
        var plan = new SpatialChipper(new ChipperOptions { SpatialOverlap = 0.25 }).Plan(2048, 1500, Utm, null);
        var chips = plan.Chips.ToList();
        // Columns (2048, step 768): starts [0, 512, 1024], edges [0, 768, 1280, 2048];
        // rows (1500, step 768): starts [0, 476], edges [0, 750, 1500].
        Assert.Equal(6, chips.Count);
        Assert.Equal(new Chip(0, 0, 0, new PixelWindow(0, 0, 1024, 1024), new PixelWindow(0, 0, 768, 750)), chips[0]);
        Assert.Equal(new Chip(2, 0, 2, new PixelWindow(1024, 0, 1024, 1024), new PixelWindow(1280, 0, 768, 750)), chips[2]);
        Assert.Equal(new Chip(4, 1, 1, new PixelWindow(512, 476, 1024, 1024), new PixelWindow(768, 750, 512, 750)), chips[4]);
        Assert.Equal(chips.Select((_, i) => i), chips.Select(c => c.Index));
    }

    [Fact]
    public void Chips_are_produced_lazily()
    {
        // 10980 at overlap 0.75: 40 x 40 = 1600 chips; taking two must not need the rest.
        var plan = new SpatialChipper(new ChipperOptions { SpatialOverlap = 0.75 }).Plan(10980, 10980, Utm, null);
        Assert.Equal(1600, plan.Count);
        using var e = plan.Chips.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.True(e.MoveNext());
        Assert.Equal(new PixelWindow(255, 0, 1024, 1024), e.Current.Read);
    }

    [Fact]
    public void Too_many_chips_are_refused()
    {
        var chipper = new SpatialChipper(new ChipperOptions { ChipSize = 16, SpatialOverlap = 0.9 });
        var e = Assert.Throws<InvalidOptionException>(() => chipper.Plan(10980, 10980, Utm, null));
        Assert.Contains("MaxChipCount", e.Message);
    }

    [Fact]
    public void Chip_windows_convert_to_raster_pixels()
    {
        var plan = new SpatialChipper().Plan(3000, 3000, Utm, Pixels(1000.5, 1500, 1100.5, 1600));
        Assert.Equal(new PixelWindow(539, 1038, 1024, 1024), plan.ToRaster(plan.Chips.Single().Read));
    }
}
