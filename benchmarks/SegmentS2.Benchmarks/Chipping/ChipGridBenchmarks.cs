using BenchmarkDotNet.Attributes;
using NetTopologySuite.Geometries;
using SegmentS2.Chipping;
using SegmentS2.Raster;

namespace SegmentS2.Benchmarks.Chipping;

/// <summary>
/// Planning the chip grid of a whole Sentinel-2 tile (10980 x 10980 px: 21 x 21 = 441 chips of 1024 px at
/// overlap 0.5) and of a 5 km ROI inside it (the ROI window, grown to the chip size, and its 4 chips), chips
/// enumerated with their read and write windows.
/// </summary>
[MemoryDiagnoser]
public class ChipGridBenchmarks
{
    private const int Size = 10980;
    private static readonly GeoTransform Transform = new(600000, 10, 0, 5000040, 0, -10);
    private static readonly Envelope Roi = new(640000.5, 645000.5, 4955000.5, 4960000.5);
    private readonly SpatialChipper _chipper = new();

    [Benchmark(Baseline = true, Description = "whole 10980 px tile, 441 chips")]
    public int WholeTile() => Enumerate(_chipper.Plan(Size, Size, Transform, null));

    [Benchmark(Description = "5 km ROI, 4 chips")]
    public int RoiWindow() => Enumerate(_chipper.Plan(Size, Size, Transform, Roi));

    private static int Enumerate(ChipPlan plan)
    {
        int area = 0;
        foreach (var chip in plan.Chips)
        {
            area += chip.Write.Width * chip.Write.Height;
        }

        return area;
    }
}
