using SegmentS2.GeoTiff.Writing;
using SegmentS2.GeoTiff.Writing.Layout;

namespace SegmentS2.Tests.GeoTiff.Writing;

/// <summary>Classic TIFF holds offsets up to 2^32 - 1; one byte more needs BigTIFF (a real 4 GiB file is too slow for CI).</summary>
public class BigTiffChoiceTests
{
    [Theory]
    [InlineData(GeoTiffBigTiffMode.Auto, 4294967295L, false)]
    [InlineData(GeoTiffBigTiffMode.Auto, 4294967296L, true)]
    [InlineData(GeoTiffBigTiffMode.Always, 1000L, true)]
    [InlineData(GeoTiffBigTiffMode.Never, 4294967295L, false)]
    public void Auto_switches_to_BigTiff_exactly_past_4_GiB(GeoTiffBigTiffMode mode, long classicLength, bool expected) =>
        Assert.Equal(expected, TiffFileAssembler.UseBigTiff(mode, classicLength));

    [Fact]
    public void Never_refuses_a_file_past_4_GiB_with_its_size()
    {
        var ex = Assert.Throws<GeoTiffWriteException>(() => TiffFileAssembler.UseBigTiff(GeoTiffBigTiffMode.Never, 4294967296L));
        Assert.Contains("4294967296", ex.Message);
    }
}
