using SegmentS2.Output;
using SegmentS2.Raster;

namespace SegmentS2.Tests.Output;

public class MaskPolygonizerTests
{
    private static readonly GeoTransform Identity = new(0, 1, 0, 0, 0, 1);

    private static byte[] Mask(params string[] rows)
    {
        int w = rows[0].Length;
        var mask = new byte[w * rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int c = 0; c < w; c++)
            {
                mask[r * w + c] = rows[r][c] == '#' ? (byte)1 : (byte)0;
            }
        }

        return mask;
    }

    [Fact]
    public void Square_ring_keeps_its_hole()
    {
        var mask = Mask(
            ".....",
            ".###.",
            ".#.#.",
            ".###.",
            ".....");
        var polygons = MaskPolygonizer.Polygonize(mask, 5, 5, Identity);
        var p = Assert.Single(polygons);
        Assert.Equal(1, p.NumInteriorRings);
        Assert.Equal(8, p.Area); // 9 pixels of the 3x3 block minus the 1-pixel hole
        Assert.Equal(1, p.GetInteriorRingN(0).Length / 4); // the hole is a unit square
        Assert.True(p.IsValid);
    }

    [Fact]
    public void Diagonal_neighbours_are_separate_polygons_as_in_four_connectivity()
    {
        var mask = Mask(
            "#.",
            ".#");
        var polygons = MaskPolygonizer.Polygonize(mask, 2, 2, Identity);
        Assert.Equal(2, polygons.Count);
        Assert.All(polygons, p => Assert.Equal(1, p.Area));
        Assert.All(polygons, p => Assert.True(p.IsValid));
    }

    [Fact]
    public void L_shape_area_and_vertices_are_exact()
    {
        var mask = Mask(
            "#..",
            "#..",
            "###");
        var p = Assert.Single(MaskPolygonizer.Polygonize(mask, 3, 3, Identity));
        Assert.Equal(5, p.Area);
        Assert.Equal(7, p.ExteriorRing.NumPoints); // 6 corners + closing point
        Assert.Equal(0, p.NumInteriorRings);
    }

    [Fact]
    public void Coordinates_follow_the_geotransform()
    {
        var gt = new GeoTransform(500000, 10, 0, 4000000, 0, -10);
        var mask = Mask("##", "##");
        var p = Assert.Single(MaskPolygonizer.Polygonize(mask, 2, 2, gt));
        Assert.Equal(400, p.Area); // 4 pixels of 10 m x 10 m
        var env = p.EnvelopeInternal;
        Assert.Equal(500000, env.MinX);
        Assert.Equal(500020, env.MaxX);
        Assert.Equal(3999980, env.MinY);
        Assert.Equal(4000000, env.MaxY);
    }

    [Fact]
    public void Random_masks_match_pixel_counts_and_stay_valid()
    {
        var rng = new Random(1234);
        for (int trial = 0; trial < 50; trial++)
        {
            int w = rng.Next(1, 40), h = rng.Next(1, 40);
            var mask = new byte[w * h];
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = (byte)(rng.NextDouble() < 0.45 ? 1 : 0);
            }

            var polygons = MaskPolygonizer.Polygonize(mask, w, h, Identity);
            Assert.Equal(mask.Count(v => v != 0), polygons.Sum(p => p.Area), 6);
            Assert.All(polygons, p => Assert.True(p.IsValid, $"trial {trial}: {p}"));
            // Point-in-polygon agrees with the mask at every pixel centre.
            for (int r = 0; r < h; r++)
            {
                for (int c = 0; c < w; c++)
                {
                    var centre = new NetTopologySuite.Geometries.Point(c + 0.5, r + 0.5);
                    bool inside = polygons.Any(p => p.Contains(centre));
                    Assert.Equal(mask[r * w + c] != 0, inside);
                }
            }
        }
    }
}
