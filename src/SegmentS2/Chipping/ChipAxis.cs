namespace SegmentS2.Chipping;

/// <summary>
/// The chip grid along one axis, exactly as the reference (FarmVibes.AI <c>spaceeye/dataset.py</c>) computes it:
/// <c>n = ceil((length - chip) / step) + 1</c> (at least 2 when the axis is longer than a chip), starts
/// <c>round(linspace(0, length - chip, n))</c> with numpy's arithmetic and half-to-even rounding, and write edges
/// split at the floor of the midpoint between a chip's end and the next chip's start.
/// </summary>
internal static class ChipAxis
{
    /// <summary>Number of chips along an axis.</summary>
    /// <param name="length">Axis length in pixels (at least <paramref name="chipSize"/>).</param>
    /// <param name="chipSize">Chip size in pixels.</param>
    /// <param name="step">Nominal step between chips in pixels (at least 1).</param>
    public static int Count(int length, int chipSize, int step)
    {
        Check(length, chipSize, step);
        // Python: int(np.ceil((dim_size - chip_size) / step)) + 1, true division in float64.
        long n = (long)Math.Ceiling((double)(length - chipSize) / step) + 1;
        if (length > chipSize)
        {
            n = Math.Max(n, 2);
        }

        return (int)n;
    }

    /// <summary>Chip start offsets along an axis, in ascending order.</summary>
    /// <inheritdoc cref="Count" path="/param"/>
    public static int[] Starts(int length, int chipSize, int step)
    {
        int n = Count(length, chipSize, step);
        var starts = new int[n];
        double stop = length - chipSize;
        if (n == 1)
        {
            return starts;
        }

        // numpy.linspace(0, stop, n): step_f = (stop - start) / (n - 1); y_i = i * step_f + start; y[-1] = stop.
        double stepF = stop / (n - 1);
        for (int i = 0; i < n - 1; i++)
        {
            starts[i] = (int)Math.Round(i * stepF + 0.0, MidpointRounding.ToEven);
        }

        starts[n - 1] = length - chipSize;
        return starts;
    }

    /// <summary>
    /// Write-window edges: chip <c>i</c> writes <c>[edges[i], edges[i + 1])</c>. The first edge is the first start, the
    /// last is the last chip's end, and between neighbours the edge is <c>(end_i + start_{i+1}) // 2</c>.
    /// </summary>
    /// <param name="starts">Chip starts from <see cref="Starts"/>.</param>
    /// <param name="chipSize">Chip size in pixels.</param>
    public static int[] WriteEdges(IReadOnlyList<int> starts, int chipSize)
    {
        ArgumentNullException.ThrowIfNull(starts);
        if (starts.Count == 0)
        {
            throw new ArgumentException("There must be at least one chip start.", nameof(starts));
        }

        var edges = new int[starts.Count + 1];
        edges[0] = starts[0];
        for (int i = 1; i < starts.Count; i++)
        {
            // Both terms are non-negative, so C#'s truncating division is Python's floor division here.
            edges[i] = (int)(((long)starts[i - 1] + chipSize + starts[i]) / 2);
        }

        edges[starts.Count] = starts[^1] + chipSize;
        return edges;
    }

    private static void Check(int length, int chipSize, int step)
    {
        if (chipSize < 1)
        {
            throw new InvalidOptionException("chip size", chipSize, "at least 1 pixel");
        }

        if (step < 1)
        {
            throw new InvalidOptionException("step", step, "at least 1 pixel");
        }

        if (length < chipSize)
        {
            throw new RasterSmallerThanChipException(length, length, chipSize,
                $"An axis of {length} px is smaller than one {chipSize} px chip.");
        }
    }
}
