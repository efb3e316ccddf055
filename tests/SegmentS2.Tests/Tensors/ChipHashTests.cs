using SegmentS2.Tensors;

namespace SegmentS2.Tests.Tensors;

public class ChipHashTests
{
    [Fact]
    public void Equal_pixels_hash_equal_and_any_change_changes_the_hash()
    {
        var a = Enumerable.Range(0, 3 * 256 * 256).Select(i => (float)Math.Sin(i)).ToArray();
        var b = (float[])a.Clone();
        Assert.Equal(ChipHash.Compute(a), ChipHash.Compute(b));
        b[12345] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(b[12345]) ^ 1);
        Assert.NotEqual(ChipHash.Compute(a), ChipHash.Compute(b));
    }

    [Fact]
    public void Length_is_part_of_the_key()
    {
        var zeros = new float[2048];
        Assert.NotEqual(ChipHash.Compute(zeros.AsSpan(0, 1024)), ChipHash.Compute(zeros));
    }

    [Fact]
    public void Hex_form_is_32_lowercase_digits()
    {
        string hex = ChipHash.ToHex(ChipHash.Compute(new float[] { 1, 2, 3 }));
        Assert.Matches("^[0-9a-f]{32}$", hex);
    }
}
