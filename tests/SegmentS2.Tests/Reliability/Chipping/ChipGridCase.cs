using FsCheck;
using FsCheck.Fluent;
using NetTopologySuite.Geometries;
using SegmentS2.Raster;

namespace SegmentS2.Tests.Reliability.Chipping;

/// <summary>
/// A random chip grid: raster size, chip size, overlap, whether a grown window is kept inside the raster,
/// and an ROI envelope (inside, across the edge of, or covering the raster). Pixels are 10 m, north up.
/// </summary>
public sealed record ChipGridCase(int Width, int Height, int ChipSize, double Overlap, bool KeepInside, Envelope Roi, int PromptSeed)
{
    public static readonly GeoTransform Transform = new(500000, 10, 0, 4000000, 0, -10);

    public override string ToString() =>
        FormattableString.Invariant($"raster {Width}x{Height}, chip {ChipSize}, overlap {Overlap}, keepInside {KeepInside}, roi px [{(Roi.MinX - Transform.X0) / 10}, {(Transform.Y0 - Roi.MaxY) / 10}]..[{(Roi.MaxX - Transform.X0) / 10}, {(Transform.Y0 - Roi.MinY) / 10}]");

    /// <summary>Generators registered with <c>[Property(Arbitrary = ...)]</c>.</summary>
    public static class Arbitraries
    {
        public static Arbitrary<ChipGridCase> Cases() => Generator.ToArbitrary();

        private static Gen<ChipGridCase> Generator =>
            from chip in Gen.Elements(16, 17, 64, 100, 256, 257, 512, 1024)
            from width in Gen.Choose(chip, Math.Min(chip * 5 + 37, 2600))
            from height in Gen.Choose(chip, Math.Min(chip * 5 + 37, 2600))
            from overlapPermille in Gen.Elements(0, 1, 100, 250, 333, 500, 501, 750, 900, 990)
            from keepInside in Gen.Elements(true, false)
            from roi in RoiPixels(width, height)
            from promptSeed in Gen.Choose(0, int.MaxValue)
            let overlap = overlapPermille / 1000.0
            where (int)(chip * (1 - overlap)) >= 1
            select new ChipGridCase(width, height, chip, overlap, keepInside, ToEnvelope(roi), promptSeed);

        // Fractional pixel corners: inside the raster, across an edge, or around it; tiny and large.
        private static Gen<(double C0, double R0, double C1, double R1)> RoiPixels(int width, int height) =>
            from c0 in Gen.Choose(-width / 4, width + width / 8)
            from r0 in Gen.Choose(-height / 4, height + height / 8)
            from w in Gen.Choose(0, width + width / 2)
            from h in Gen.Choose(0, height + height / 2)
            from fc in Gen.Elements(0.0, 0.25, 0.5, 0.999)
            from fr in Gen.Elements(0.0, 0.3, 0.5, 0.001)
            where c0 + fc < width && r0 + fr < height && c0 + fc + w + 0.5 > 0 && r0 + fr + h + 0.5 > 0
            select (c0 + fc, r0 + fr, c0 + fc + w + 0.5, r0 + fr + h + 0.5);

        private static Envelope ToEnvelope((double C0, double R0, double C1, double R1) p)
        {
            var (x0, y0) = Transform.PixelToMap(p.C0, p.R0);
            var (x1, y1) = Transform.PixelToMap(p.C1, p.R1);
            return new Envelope(x0, x1, y0, y1);
        }
    }
}
