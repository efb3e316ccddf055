namespace SegmentS2.Sentinel2.Reading;

/// <summary>
/// For one axis of a north-up grid over a north-up file in the same CRS: which file pixel(s) each
/// grid pixel centre falls on. Nearest: <see cref="Index0"/> (or -1 outside the file). Bilinear:
/// <see cref="Index0"/>, <see cref="Index1"/> and the weight of <see cref="Index1"/>, edges clamped.
/// </summary>
internal sealed class AxisMap
{
    private AxisMap(int[] index0, int[] index1, float[] weight1, int min, int max)
    {
        Index0 = index0;
        Index1 = index1;
        Weight1 = weight1;
        Min = min;
        Max = max;
    }

    public int[] Index0 { get; }

    public int[] Index1 { get; }

    public float[] Weight1 { get; }

    /// <summary>Smallest file index used, or int.MaxValue when none.</summary>
    public int Min { get; }

    /// <summary>Largest file index used, or -1 when none.</summary>
    public int Max { get; }

    public bool IsEmpty => Max < Min;

    /// <summary>Maps grid pixels <paramref name="start"/>..start+count-1 onto a file axis.</summary>
    /// <param name="gridOrigin">Grid origin along the axis (X0 or Y0).</param>
    /// <param name="gridStep">Grid pixel step (Dx, or Dy which is negative).</param>
    /// <param name="start">First grid pixel.</param>
    /// <param name="count">Number of grid pixels.</param>
    /// <param name="fileOrigin">File origin along the axis.</param>
    /// <param name="fileStep">File pixel step.</param>
    /// <param name="fileSize">File pixels along the axis.</param>
    /// <param name="bilinear">Whether two neighbours and a weight are wanted.</param>
    public static AxisMap Create(double gridOrigin, double gridStep, int start, int count, double fileOrigin, double fileStep, int fileSize, bool bilinear)
    {
        var i0 = new int[count];
        var i1 = new int[count];
        var w1 = new float[count];
        int min = int.MaxValue, max = -1;
        for (int k = 0; k < count; k++)
        {
            double centre = gridOrigin + (start + k + 0.5) * gridStep;
            double u = (centre - fileOrigin) / fileStep;
            if (!(u >= 0 && u < fileSize))
            {
                i0[k] = i1[k] = -1;
                continue;
            }

            if (!bilinear)
            {
                int i = Math.Min((int)Math.Floor(u), fileSize - 1);
                i0[k] = i1[k] = i;
                min = Math.Min(min, i);
                max = Math.Max(max, i);
                continue;
            }

            double s = u - 0.5;
            int a = (int)Math.Floor(s);
            float w = (float)(s - a);
            int b = a + 1;
            a = Math.Clamp(a, 0, fileSize - 1);
            b = Math.Clamp(b, 0, fileSize - 1);
            i0[k] = a;
            i1[k] = b;
            w1[k] = a == b ? 0 : w;
            min = Math.Min(min, a);
            max = Math.Max(max, b);
        }

        return new AxisMap(i0, i1, w1, min, max);
    }
}
