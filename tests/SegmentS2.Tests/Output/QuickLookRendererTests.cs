using SegmentS2.Output;

namespace SegmentS2.Tests.Output;

public class QuickLookRendererTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(7, 3)]
    [InlineData(1000, 10)]
    [InlineData(65_536, 1000)]
    [InlineData(300_000, 7)]
    public void Percentiles_are_the_sorted_samples_elements_at_2_and_98_percent(int length, int distinct)
    {
        // Few distinct values (many ties) or all different (distinct 0), with nodata (0 and NaN) that must be left out.
        var random = new Random(length + distinct);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = i % 11 == 5 ? 0f : i % 13 == 7 ? float.NaN : distinct > 0 ? random.Next(distinct) + 1 : (float)random.NextDouble() + 0.001f;
        }

        int stride = Math.Max(1, length / 65_536);
        var sample = values.Where((v, i) => i % stride == 0 && float.IsFinite(v) && v != 0).OrderBy(v => v).ToArray();
        var (low, high) = QuickLookRenderer.Percentiles(values);

        if (sample.Length == 0)
        {
            Assert.Equal((0f, 1f), (low, high));
            return;
        }

        float expectedLow = sample[(int)(0.02 * (sample.Length - 1))];
        float expectedHigh = sample[(int)(0.98 * (sample.Length - 1))];
        Assert.Equal(expectedLow, low);
        Assert.Equal(expectedHigh > expectedLow ? expectedHigh : expectedLow + 1, high);
    }
}
