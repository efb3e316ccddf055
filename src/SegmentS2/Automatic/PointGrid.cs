namespace SegmentS2.Automatic;

/// <summary>
/// The reference's point grid and crop boxes (<c>build_point_grid</c>, <c>generate_crop_boxes</c> in FarmVibes'
/// <c>vibe_lib/segment_anything.py</c>), computed the way numpy computes them so that the points are the same floats.
/// </summary>
internal static class PointGrid
{
    /// <summary>
    /// <paramref name="perSide"/>² points over a <paramref name="width"/> x <paramref name="height"/> image as interleaved
    /// (x, y) pairs: on each axis <c>linspace(size / (2n), size - size / (2n), n)</c>, in the order of
    /// <c>product(xs, ys)</c> (x outer, y inner). The reference uses the chip size on both axes; a crop that is not square
    /// gets its own extent on each axis.
    /// </summary>
    public static float[] Points(int perSide, int width, int height)
    {
        var xs = Linspace(width, perSide);
        var ys = Linspace(height, perSide);
        var points = new float[2 * perSide * perSide];
        int i = 0;
        foreach (var x in xs)
        {
            foreach (var y in ys)
            {
                points[i++] = (float)x;
                points[i++] = (float)y;
            }
        }

        return points;
    }

    // numpy.linspace(offset, size - offset, n): start + i * step in float64, the last value exactly the stop.
    private static double[] Linspace(int size, int n)
    {
        double offset = size / (2.0 * n);
        double start = offset, stop = size - offset;
        var values = new double[n];
        double step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++)
        {
            values[i] = i * step + start;
        }

        if (n > 1)
        {
            values[n - 1] = stop;
        }

        return values;
    }

    /// <summary>
    /// The whole chip (layer 0) and, for each crop layer i (1-based), (2^i)² crops overlapping by
    /// <c>int(overlapRatio * chipSize * 2 / 2^i)</c> pixels, as (x0, y0, x1, y1) exclusive ends, x outer and y inner.
    /// </summary>
    public static IReadOnlyList<(int X0, int Y0, int X1, int Y1, int Layer)> CropBoxes(int chipSize, int layers, double overlapRatio)
    {
        var boxes = new List<(int, int, int, int, int)> { (0, 0, chipSize, chipSize, 0) };
        for (int layer = 0; layer < layers; layer++)
        {
            int perSide = 1 << (layer + 1);
            int overlap = (int)(overlapRatio * chipSize * (2.0 / perSide));
            int length = (int)Math.Ceiling((overlap * (perSide - 1) + chipSize) / (double)perSide);
            for (int i = 0; i < perSide; i++)
            {
                int x0 = (length - overlap) * i;
                for (int j = 0; j < perSide; j++)
                {
                    int y0 = (length - overlap) * j;
                    boxes.Add((x0, y0, Math.Min(x0 + length, chipSize), Math.Min(y0 + length, chipSize), layer + 1));
                }
            }
        }

        return boxes;
    }
}
