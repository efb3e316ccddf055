using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using SegmentS2.Output;
using SegmentS2.Raster;
using SegmentS2.Testing.Synthetic;

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

    // A 3 x 3 block with a one-pixel hole in the middle.
    private static byte[] SquareRing() => Mask(
        ".....",
        ".###.",
        ".#.#.",
        ".###.",
        ".....");

    [Fact]
    public void With_a_north_up_transform_shells_run_clockwise_and_holes_counter_clockwise()
    {
        var p = Assert.Single(MaskPolygonizer.Polygonize(SquareRing(), 5, 5, new GeoTransform(399960, 10, 0, 4800000, 0, -10)));
        Assert.False(NetTopologySuite.Algorithm.Orientation.IsCCW(p.Shell.CoordinateSequence));
        Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(p.Holes.Single().CoordinateSequence));
    }

    [Fact]
    public void Square_ring_keeps_its_hole()
    {
        var polygons = MaskPolygonizer.Polygonize(SquareRing(), 5, 5, Identity);
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

    // Polygons of a mask are exact when each is a valid OGC polygon, rasterising them back at pixel centres
    // (NTS point-in-polygon) gives the mask with no pixel covered twice, their (area, holes) are those of the
    // 4-connected regions a flood fill finds, they come largest first, and their rings keep only corners.
    private static IReadOnlyList<Polygon> AssertExact(byte[] mask, int w, int h)
    {
        var polygons = MaskPolygonizer.Polygonize(mask, w, h, Identity);
        Assert.All(polygons, p => Assert.True(p.IsValid, p.ToString()));
        Assert.Equal(mask.Select(v => v != 0 ? (byte)1 : (byte)0).ToArray(), RasterizeWithNts(polygons, w, h));
        var expected = Regions(mask, w, h).Order().ToArray();
        var actual = polygons.Select(p => ((long)Math.Round(p.Area), p.NumInteriorRings)).Order().ToArray();
        Assert.Equal(expected, actual);
        for (int i = 1; i < polygons.Count; i++)
        {
            Assert.True(polygons[i - 1].Area >= polygons[i].Area, "largest first");
        }

        foreach (var p in polygons)
        {
            AssertCornersOnly(p.ExteriorRing);
            foreach (var hole in p.InteriorRings)
            {
                AssertCornersOnly(hole);
            }
        }

        return polygons;
    }

    private static byte[] RasterizeWithNts(IReadOnlyList<Polygon> polygons, int w, int h)
    {
        var covered = new byte[w * h];
        foreach (var p in polygons)
        {
            var locator = new IndexedPointInAreaLocator(p);
            var env = p.EnvelopeInternal;
            for (int y = Math.Max(0, (int)Math.Floor(env.MinY)); y < Math.Min(h, (int)Math.Ceiling(env.MaxY)); y++)
            {
                for (int x = Math.Max(0, (int)Math.Floor(env.MinX)); x < Math.Min(w, (int)Math.Ceiling(env.MaxX)); x++)
                {
                    if (locator.Locate(new Coordinate(x + 0.5, y + 0.5)) == Location.Interior)
                    {
                        covered[y * w + x]++;
                    }
                }
            }
        }

        return covered;
    }

    // 4-connected foreground regions by breadth-first flood fill: pixel count, and holes counted as the 4-connected
    // groups of other pixels inside the region's bounding box grown by one that do not reach the box's edge.
    private static List<(long Pixels, int Holes)> Regions(byte[] mask, int w, int h)
    {
        var label = new int[w * h];
        Array.Fill(label, -1);
        var regions = new List<(long, int)>();
        var queue = new Queue<(int X, int Y)>();
        for (int start = 0; start < w * h; start++)
        {
            if (mask[start] == 0 || label[start] >= 0)
            {
                continue;
            }

            int id = regions.Count, minX = w, minY = h, maxX = -1, maxY = -1;
            long pixels = 0;
            label[start] = id;
            queue.Enqueue((start % w, start / w));
            while (queue.TryDequeue(out var p))
            {
                pixels++;
                (minX, maxX, minY, maxY) = (Math.Min(minX, p.X), Math.Max(maxX, p.X), Math.Min(minY, p.Y), Math.Max(maxY, p.Y));
                foreach (var (nx, ny) in new[] { (p.X + 1, p.Y), (p.X - 1, p.Y), (p.X, p.Y + 1), (p.X, p.Y - 1) })
                {
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h && mask[ny * w + nx] != 0 && label[ny * w + nx] < 0)
                    {
                        label[ny * w + nx] = id;
                        queue.Enqueue((nx, ny));
                    }
                }
            }

            int x0 = minX - 1, y0 = minY - 1, bw = maxX - minX + 3, bh = maxY - minY + 3;
            bool InRegion(int bx, int by)
            {
                int x = x0 + bx, y = y0 + by;
                return x >= 0 && y >= 0 && x < w && y < h && label[y * w + x] == id;
            }

            var seen = new bool[bw * bh];
            int holes = 0;
            for (int s = 0; s < bw * bh; s++)
            {
                if (seen[s] || InRegion(s % bw, s / bw))
                {
                    continue;
                }

                bool reachesEdge = false;
                seen[s] = true;
                queue.Enqueue((s % bw, s / bw));
                while (queue.TryDequeue(out var p))
                {
                    reachesEdge |= p.X == 0 || p.Y == 0 || p.X == bw - 1 || p.Y == bh - 1;
                    foreach (var (nx, ny) in new[] { (p.X + 1, p.Y), (p.X - 1, p.Y), (p.X, p.Y + 1), (p.X, p.Y - 1) })
                    {
                        if (nx >= 0 && ny >= 0 && nx < bw && ny < bh && !seen[ny * bw + nx] && !InRegion(nx, ny))
                        {
                            seen[ny * bw + nx] = true;
                            queue.Enqueue((nx, ny));
                        }
                    }
                }

                holes += reachesEdge ? 0 : 1;
            }

            regions.Add((pixels, holes));
        }

        return regions;
    }

    private static void AssertCornersOnly(LineString ring)
    {
        var c = ring.Coordinates;
        int n = c.Length - 1;
        Assert.True(c[0].Equals2D(c[n]), "closed");
        for (int i = 0; i < n; i++)
        {
            var (prev, cur, next) = (c[(i + n - 1) % n], c[i], c[(i + 1) % n]);
            double cross = (cur.X - prev.X) * (next.Y - cur.Y) - (cur.Y - prev.Y) * (next.X - cur.X);
            Assert.True(cross != 0, $"{cur} is not a corner of {ring}");
        }
    }

    private static byte[] Pattern(int w, int h, Func<int, int, bool> foreground)
    {
        var mask = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                mask[y * w + x] = foreground(x, y) ? (byte)1 : (byte)0;
            }
        }

        return mask;
    }

    // Concentric square rings of width 1 around the centre (c, c), at even Chebyshev distances up to 'outer'.
    private static byte[] Nested(int size, int c, int outer) =>
        Pattern(size, size, (x, y) => Math.Max(Math.Abs(x - c), Math.Abs(y - c)) is int d && d % 2 == 0 && d <= outer);

    [Theory]
    [InlineData(1, 97, 83, 32, 0.0)]
    [InlineData(2, 64, 64, 16, -0.3)]
    [InlineData(3, 64, 64, 16, 0.3)]
    [InlineData(4, 120, 40, 8, 0.0)]
    [InlineData(5, 33, 129, 16, 0.1)]
    [InlineData(6, 200, 150, 32, 0.05)]
    [InlineData(7, 150, 150, 4, 0.0)]
    public void Fragmented_masks_rasterise_back_exactly(int seed, int w, int h, int largestCell, double threshold)
    {
        var mask = SyntheticMask.Fragmented(w, h, seed, largestCell, threshold: threshold);
        var polygons = AssertExact(mask, w, h);
        Assert.True(polygons.Count >= 5, $"seed {seed} gives {polygons.Count} regions: not a fragmented mask");
    }

    [Fact]
    public void Fragmented_masks_have_holes_islands_in_holes_and_diagonal_touches()
    {
        // The fragmented cases above are only a test of these features if they occur in them.
        var mask = SyntheticMask.Fragmented(200, 150, 6, 32, threshold: 0.05);
        var polygons = AssertExact(mask, 200, 150);
        Assert.Contains(polygons, p => p.NumInteriorRings >= 2);
        Assert.Contains(polygons, p => p.InteriorRings.Any(hole => polygons.Any(q => q.Within(new Polygon((LinearRing)hole)))));
        Assert.Contains(polygons, p => polygons.Any(q => q != p && p.Touches(q)));
    }

    [Fact]
    public void Holes_in_holes_in_holes_each_belong_to_their_own_ring()
    {
        // Rings of 8d pixels at Chebyshev distance d = 6, 4, 2 from the centre, and the centre pixel.
        var polygons = AssertExact(Nested(15, 7, 6), 15, 15);
        Assert.Equal(new[] { 48.0, 32, 16, 1 }, polygons.Select(p => p.Area));
        Assert.Equal(new[] { 1, 1, 1, 0 }, polygons.Select(p => p.NumInteriorRings));
        // The outer ring's hole is the 11 x 11 square inside it, which holds the three inner polygons.
        var hole = polygons[0].GetInteriorRingN(0).EnvelopeInternal;
        Assert.Equal(new Envelope(2, 13, 2, 13), hole);
        Assert.Equal(new Envelope(1, 14, 1, 14), polygons[0].EnvelopeInternal);
    }

    [Fact]
    public void Nested_rings_touching_every_border_of_the_mask()
    {
        var polygons = AssertExact(Nested(13, 6, 6), 13, 13);
        Assert.Equal(new[] { 48.0, 32, 16, 1 }, polygons.Select(p => p.Area));
        Assert.Equal(new Envelope(0, 13, 0, 13), polygons[0].EnvelopeInternal);
        Assert.Equal(new Envelope(1, 12, 1, 12), polygons[0].GetInteriorRingN(0).EnvelopeInternal);
    }

    [Theory]
    [InlineData(8, 8, 0)]
    [InlineData(8, 8, 1)]
    [InlineData(7, 5, 0)]
    [InlineData(7, 5, 1)]
    public void Checkerboards_touch_only_at_corners_so_every_pixel_is_its_own_polygon(int w, int h, int phase)
    {
        var mask = Pattern(w, h, (x, y) => (x + y) % 2 == phase);
        var polygons = AssertExact(mask, w, h);
        Assert.Equal(mask.Count(v => v != 0), polygons.Count);
        Assert.All(polygons, p => Assert.Equal((1.0, 5, 0), (p.Area, p.NumPoints, p.NumInteriorRings)));
    }

    [Fact]
    public void Background_pixels_touching_at_a_corner_inside_a_region_are_two_holes_meeting_at_that_point()
    {
        var mask = Mask(
            "#####",
            "#.###",
            "##.##",
            "#####");
        var p = Assert.Single(AssertExact(mask, 5, 4));
        Assert.Equal((18.0, 2), (p.Area, p.NumInteriorRings));
        var meet = p.GetInteriorRingN(0).Intersection(p.GetInteriorRingN(1));
        Assert.True(meet.EqualsExact(new Point(2, 2)), meet.ToString());
    }

    [Fact]
    public void Region_reaching_round_to_touch_itself_at_a_corner_has_a_hole_touching_its_shell_there()
    {
        var mask = Mask(
            "##.",
            "#.#",
            "###");
        var p = Assert.Single(AssertExact(mask, 3, 3));
        Assert.Equal((7.0, 1), (p.Area, p.NumInteriorRings));
        Assert.Equal(1.0, new Polygon((LinearRing)p.GetInteriorRingN(0)).Area);
        var touch = p.ExteriorRing.Intersection(p.GetInteriorRingN(0));
        Assert.True(touch.EqualsExact(new Point(2, 1)), touch.ToString());
    }

    [Fact]
    public void Island_touching_the_region_round_it_only_at_corners_is_a_separate_polygon_in_its_hole()
    {
        // The island (row 2, columns 2-6) touches the protrusions at (1, 1) and (7, 1) diagonally and splits the
        // background inside the frame in two; the frame keeps one hole of 19 pixels: both parts and the island.
        var mask = Mask(
            "#########",
            "##.....##",
            "#.#####.#",
            "#.......#",
            "#########");
        var polygons = AssertExact(mask, 9, 5);
        Assert.Equal(new[] { (26.0, 1), (5.0, 0) }, polygons.Select(p => (p.Area, p.NumInteriorRings)));
        Assert.Equal(19.0, new Polygon((LinearRing)polygons[0].GetInteriorRingN(0)).Area);
        Assert.True(polygons[1].Touches(polygons[0]));
    }

    [Fact]
    public void Four_pixels_round_a_background_pixel_touching_only_at_corners_are_four_polygons()
    {
        var mask = Mask(
            ".#.",
            "#.#",
            ".#.");
        var polygons = AssertExact(mask, 3, 3);
        Assert.Equal(4, polygons.Count);
        Assert.All(polygons, p => Assert.Equal((1.0, 0), (p.Area, p.NumInteriorRings)));
    }

    [Theory]
    [InlineData(1, "#")]
    [InlineData(5, "#.#.#.#.#")]
    [InlineData(1, "#", "#", "#", "#", "#", "#", "#", "#", "#")]
    [InlineData(6, "#.....", ".#....", "..#...", "...#..", "....#.", ".....#")]
    [InlineData(1, "######", "#....#", "#....#", "#....#", "######")]
    [InlineData(1, "#.#.#.#", "#.#.#.#", "#######")]
    [InlineData(5, "#.#.#.#", ".......", "#######")]
    [InlineData(3, ".......", ".#.#.#.", ".......")]
    public void Slivers_and_single_pixels(int regions, params string[] rows)
    {
        int w = rows[0].Length, h = rows.Length;
        var polygons = AssertExact(Mask(rows), w, h);
        Assert.Equal(regions, polygons.Count);
    }

    [Fact]
    public void All_foreground_is_one_rectangle_and_all_background_nothing()
    {
        var full = Pattern(7, 5, (_, _) => true);
        var p = Assert.Single(AssertExact(full, 7, 5));
        Assert.Equal((35.0, 5, 0), (p.Area, p.NumPoints, p.NumInteriorRings));
        Assert.Equal(new Envelope(0, 7, 0, 5), p.EnvelopeInternal);
        Assert.Empty(MaskPolygonizer.Polygonize(new byte[35], 7, 5, Identity));
    }

    [Fact]
    public void Polygons_equal_gdal_polygonize_and_gdal_rasterize_gives_the_mask_back()
    {
        var utm = new GeoTransform(600000, 10, 0, 5000040, 0, -10);
        var cases = new List<GdalPolygonOracle.Case>();
        void Add(string name, byte[] mask, int w, int h, GeoTransform t) =>
            cases.Add(new(name, mask, w, h, t, MaskPolygonizer.Polygonize(mask, w, h, t)));
        Add("fragmented_1024", SyntheticMask.Fragmented(1024, 1024, 7), 1024, 1024, utm);
        Add("fragmented_256_11", SyntheticMask.Fragmented(256, 256, 11, 64), 256, 256, new GeoTransform(0, 1, 0, 256, 0, -1));
        Add("fragmented_300x200_12", SyntheticMask.Fragmented(300, 200, 12, 16, threshold: -0.2), 300, 200, utm);
        Add("checkerboard", Pattern(9, 9, (x, y) => (x + y) % 2 == 0), 9, 9, utm);
        Add("nested", Nested(15, 7, 6), 15, 15, utm);
        Add("nested_at_borders", Nested(13, 6, 6), 13, 13, utm);
        Add("pinched", Mask("##.", "#.#", "###"), 3, 3, utm);
        Add("island", Mask("#########", "##.....##", "#.#####.#", "#.......#", "#########"), 9, 5, utm);

        var answers = GdalPolygonOracle.Check(cases);
        foreach (var c in cases)
        {
            var answer = answers[c.Name];
            Assert.True(c.Mask.Select(v => v != 0 ? (byte)1 : (byte)0).SequenceEqual(answer.Burned), $"{c.Name}: gdal_rasterize of the polygons differs from the mask");
            double pixelArea = Math.Abs(c.Transform.Dx * c.Transform.Dy);
            var ours = c.Polygons.Select(p => (Math.Round(p.Area / pixelArea), p.NumInteriorRings)).Order().ToArray();
            var gdal = answer.GdalPolygons.Select(p => (Math.Round(p.AreaPixels), p.Holes)).Order().ToArray();
            Assert.Equal(gdal, ours);
            Assert.Equal(c.Polygons.Count, answer.EqualToGdal);
        }

        // The large case is the fragmented kind the polygoniser is for.
        Assert.True(cases[0].Polygons.Count >= 100 && cases[0].Polygons.Sum(p => p.NumInteriorRings) >= 100);
    }
}
