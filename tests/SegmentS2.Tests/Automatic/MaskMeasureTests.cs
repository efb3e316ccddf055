using SegmentS2.Automatic;

namespace SegmentS2.Tests.Automatic;

/// <summary>Stability score, foreground box and bitmap from logits, against hand-counted answers.</summary>
public sealed class MaskMeasureTests
{
    [Fact]
    public void Stability_IsPixelsAboveOffsetOverPixelsAboveMinusOffset()
    {
        // Above +1: 2.0 and 1.5 (2); above -1: those, 0.5, -0.5 and 0.9999999 (5; -1 itself is not above): 2 / 5.
        float[] logits = [2.0f, 1.5f, 0.5f, -0.5f, -1.0f, -3.0f, 1.0f - 1e-7f];
        Assert.Equal(2.0 / 5.0, MaskMeasure.Stability(logits, 1.0f), 6);
    }

    [Fact]
    public void Stability_CountsEveryVectorLaneAndTheTail()
    {
        var logits = new float[1027];
        Array.Fill(logits, -5f);
        for (int i = 0; i < logits.Length; i += 3)
        {
            logits[i] = 2f; // 343 values above 1
        }

        for (int i = 1; i < logits.Length; i += 3)
        {
            logits[i] = 0f; // 342 values between -1 and 1
        }

        Assert.Equal(343.0 / 685.0, MaskMeasure.Stability(logits, 1f), 6);
    }

    [Fact]
    public void Stability_OfAnEmptyMask_IsZeroNotNaN()
    {
        Assert.Equal(0f, MaskMeasure.Stability([-4f, -2f, -1f], 1f));
    }

    [Fact]
    public void ForegroundBox_IsInclusiveBoundsOfPositiveLogits()
    {
        // 5 x 4; positives at (col 1, row 1), (col 3, row 2), (col 2, row 3).
        var logits = new float[20];
        Array.Fill(logits, -1f);
        logits[1 * 5 + 1] = 0.1f;
        logits[2 * 5 + 3] = 3f;
        logits[3 * 5 + 2] = 0.01f;
        Assert.True(MaskMeasure.ForegroundBox(logits, 5, 4, out int x0, out int y0, out int x1, out int y1));
        Assert.Equal((1, 1, 3, 3), (x0, y0, x1, y1));
    }

    [Fact]
    public void ForegroundBox_FindsPositivesBeyondTheFirstVector()
    {
        var logits = new float[100 * 2];
        Array.Fill(logits, -1f);
        logits[100 + 97] = 1f;
        Assert.True(MaskMeasure.ForegroundBox(logits, 100, 2, out int x0, out int y0, out int x1, out int y1));
        Assert.Equal((97, 1, 97, 1), (x0, y0, x1, y1));
    }

    [Fact]
    public void ForegroundBox_OfNoPositive_IsFalse()
    {
        Assert.False(MaskMeasure.ForegroundBox([0f, -1f, float.NaN, 0f], 2, 2, out _, out _, out _, out _));
    }

    [Fact]
    public void Bitmap_ThresholdsTheBoxAndClearsNodata()
    {
        // 4 x 3 logits, box cols 1..2, rows 0..2; nodata at (col 2, row 1).
        float[] logits =
        [
            -1, 1, 1, -1,
            -1, 1, 1, -1,
            -1, -1, 2, -1,
        ];
        var nodata = new byte[12];
        nodata[1 * 4 + 2] = 1;
        var bitmap = new byte[6];
        long count = MaskMeasure.Bitmap(logits, 4, nodata, 1, 0, 2, 3, bitmap);
        Assert.Equal([1, 1, 1, 0, 0, 1], bitmap);
        Assert.Equal(4, count);
    }
}
