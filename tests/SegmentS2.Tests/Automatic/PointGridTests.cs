using SegmentS2.Automatic;

namespace SegmentS2.Tests.Automatic;

/// <summary>The reference's point grid and crop boxes, against values computed by hand from its formulas.</summary>
public sealed class PointGridTests
{
    [Fact]
    public void TwoPointsPerSide_AreAtAQuarterAndThreeQuarters_XOuterYInner()
    {
        // offset = 1024 / (2 * 2) = 256; linspace(256, 768, 2); product(xs, ys) runs y fastest.
        Assert.Equal([256f, 256f, 256f, 768f, 768f, 256f, 768f, 768f], PointGrid.Points(2, 1024, 1024));
    }

    [Fact]
    public void SixteenPointsPerSide_StepSixtyFourFromThirtyTwo()
    {
        var points = PointGrid.Points(16, 1024, 1024);
        Assert.Equal(2 * 256, points.Length);
        for (int i = 0; i < 256; i++)
        {
            Assert.Equal(32 + 64 * (i / 16), points[2 * i]);
            Assert.Equal(32 + 64 * (i % 16), points[2 * i + 1]);
        }
    }

    [Fact]
    public void OnePointPerSide_IsTheCentre()
    {
        Assert.Equal([512f, 512f], PointGrid.Points(1, 1024, 1024));
    }

    [Fact]
    public void ACropThatIsNotSquare_GetsItsOwnExtentOnEachAxis()
    {
        // 600 wide, 400 high, 2 per side: x at 150 and 450, y at 100 and 300.
        Assert.Equal([150f, 100f, 150f, 300f, 450f, 100f, 450f, 300f], PointGrid.Points(2, 600, 400));
    }

    [Fact]
    public void NoCropLayers_IsTheWholeChip()
    {
        Assert.Equal([(0, 0, 1024, 1024, 0)], PointGrid.CropBoxes(1024, 0, 0));
    }

    [Fact]
    public void OneLayerWithoutOverlap_IsFourQuarters_XOuter()
    {
        var boxes = PointGrid.CropBoxes(1024, 1, 0);
        Assert.Equal(
        [
            (0, 0, 1024, 1024, 0),
            (0, 0, 512, 512, 1), (0, 512, 512, 1024, 1), (512, 0, 1024, 512, 1), (512, 512, 1024, 1024, 1),
        ], boxes);
    }

    [Fact]
    public void OneLayerWithHalfOverlap_CropsOf768From0And256()
    {
        // overlap = int(0.5 * 1024 * 2 / 2) = 512; length = ceil((512 * 1 + 1024) / 2) = 768; starts 0 and 768 - 512 = 256.
        var boxes = PointGrid.CropBoxes(1024, 1, 0.5);
        Assert.Equal(
        [
            (0, 0, 1024, 1024, 0),
            (0, 0, 768, 768, 1), (0, 256, 768, 1024, 1), (256, 0, 1024, 768, 1), (256, 256, 1024, 1024, 1),
        ], boxes);
    }

    [Fact]
    public void TwoLayers_HaveOneFourAndSixteenCrops()
    {
        var boxes = PointGrid.CropBoxes(1024, 2, 0);
        Assert.Equal(1 + 4 + 16, boxes.Count);
        Assert.All(boxes.Where(b => b.Layer == 2), b => Assert.Equal((256, 256), (b.X1 - b.X0, b.Y1 - b.Y0)));
    }
}
