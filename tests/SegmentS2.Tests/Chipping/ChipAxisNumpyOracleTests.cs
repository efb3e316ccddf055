using SegmentS2.Tests.TestSupport;
using System.Globalization;
using SegmentS2.Chipping;

namespace SegmentS2.Tests.Chipping;

/// <summary>
/// Checks the chip grid against numpy itself (the reference's own arithmetic: np.ceil, np.linspace, np.round),
/// run by the system Python that GDAL's bindings need, over many sizes and steps.
/// </summary>
public class ChipAxisNumpyOracleTests
{
    private const string Script = """
        import sys, numpy as np
        for line in sys.stdin:
            dim, chip, step = map(int, line.split())
            n = int(np.ceil((dim - chip) / step)) + 1
            if dim > chip:
                n = max(n, 2)
            start = np.round(np.linspace(0, dim - chip, n)).astype(int)
            end = start + chip
            edges = np.concatenate((start[:1], (end[:-1] + start[1:]) // 2, end[-1:]))
            print(" ".join(map(str, start)) + "|" + " ".join(map(str, edges)))
        """;

    [Fact]
    public void Starts_and_edges_equal_numpy_for_many_sizes_and_steps()
    {
        var cases = new List<(int Dim, int Chip, int Step)>();
        var random = new Random(20240611);
        foreach (int dim in new[] { 1024, 1025, 1500, 2048, 3000, 10980 })
        {
            foreach (double overlap in new[] { 0.0, 0.25, 0.5, 0.75, 0.3, 0.9 })
            {
                cases.Add((dim, 1024, new ChipperOptions { SpatialOverlap = overlap }.Step));
            }
        }

        for (int i = 0; i < 300; i++)
        {
            int chip = random.Next(1, 600);
            cases.Add((chip + random.Next(0, 5000), chip, random.Next(1, chip + 1)));
        }

        var lines = RunNumpy(string.Join('\n', cases.Select(c => $"{c.Dim} {c.Chip} {c.Step}")) + "\n");
        Assert.Equal(cases.Count, lines.Length);
        for (int i = 0; i < cases.Count; i++)
        {
            var (dim, chip, step) = cases[i];
            var parts = lines[i].Split('|');
            var starts = ChipAxis.Starts(dim, chip, step);
            Assert.Equal(Parse(parts[0]), starts);
            Assert.Equal(Parse(parts[1]), ChipAxis.WriteEdges(starts, chip));
        }
    }

    private static int[] Parse(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static string[] RunNumpy(string input) =>
        PythonOracle.RunInline(Script, stdin: input).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
