using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Tests.Sentinel2.Bands;

public class S2ReflectanceTests
{
    private static S2Item Item(string? baseline, bool boaApplied = false, double? scale = null, double? offset = null) => new()
    {
        Id = "i",
        DateTime = DateTimeOffset.UnixEpoch,
        ProcessingBaseline = baseline,
        BoaOffsetApplied = boaApplied,
        Assets = new Dictionary<string, S2Asset> { ["B04"] = new("B04", "x", "B04", scale, offset) },
    };

    [Theory]
    [InlineData("04.00", true)]
    [InlineData("05.09", true)]
    [InlineData("N0400", true)]
    [InlineData("03.01", false)]
    [InlineData("02.14", false)]
    [InlineData(null, false)]
    [InlineData("garbage", false)]
    public void Boa_offset_starts_with_baseline_04_00(string? baseline, bool expected) => Assert.Equal(expected, S2Reflectance.HasBoaOffset(baseline));

    [Fact]
    public void Baseline_04_applies_minus_0_1_and_older_none()
    {
        var newer = Item("04.00");
        var older = Item("03.01");
        Assert.Equal(new S2BandInfo("B04", 1e-4, -0.1), S2Reflectance.BandInfo(newer, "B04", newer.FindBand("B04"), applyBoaOffset: true));
        Assert.Equal(new S2BandInfo("B04", 1e-4, 0), S2Reflectance.BandInfo(older, "B04", older.FindBand("B04"), applyBoaOffset: true));
    }

    [Fact]
    public void Reference_parity_switch_never_applies_an_offset()
    {
        var newer = Item("05.09");
        Assert.Equal(0, S2Reflectance.BandInfo(newer, "B04", newer.FindBand("B04"), applyBoaOffset: false).Offset);
    }

    [Fact]
    public void Declared_raster_bands_offset_is_used_unless_already_applied()
    {
        var declared = Item("05.09", boaApplied: false, scale: 1e-4, offset: -0.1);
        var applied = Item("05.09", boaApplied: true, scale: 1e-4, offset: -0.1);
        Assert.Equal(-0.1, S2Reflectance.BandInfo(declared, "B04", declared.FindBand("B04"), true).Offset);
        // earthsearch:boa_offset_applied = true: the COG DNs were already shifted by -1000.
        Assert.Equal(0, S2Reflectance.BandInfo(applied, "B04", applied.FindBand("B04"), true).Offset);
    }

    [Fact]
    public void Scl_is_a_class_band_without_scaling()
    {
        var item = Item("05.09");
        Assert.Equal(new S2BandInfo("SCL", 1, 0), S2Reflectance.BandInfo(item, "SCL", null, true));
    }

    [Fact]
    public void Dn_to_reflectance_keeps_nodata_and_applies_the_offset()
    {
        float[] dn = [0, 1000, 2500, 11000];
        S2Reflectance.ToReflectance(dn, new S2BandInfo("B04", 1e-4, -0.1));
        Assert.True(float.IsNaN(dn[0]));
        Assert.Equal(0.0f, dn[1], 6);
        Assert.Equal(0.15f, dn[2], 6);
        Assert.Equal(1.0f, dn[3], 6);
    }
}
