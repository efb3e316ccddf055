using SegmentS2.GeoTiff.GeoKeys;

namespace SegmentS2.Tests.GeoTiff.GeoKeys;

public class GeoKeyDirectoryTests
{
    // Header (version 1, revision 1.0, key count) then (key, location 0, count 1, value) per key.
    private static GeoKeyDirectory Keys(params (ushort Key, ushort Value)[] keys)
    {
        var values = new List<ulong> { 1, 1, 0, (ulong)keys.Length };
        foreach (var (key, value) in keys)
        {
            values.AddRange([key, 0, 1, value]);
        }

        return GeoKeyDirectory.Parse(values.ToArray());
    }

    [Fact]
    public void Projected_models_use_the_projected_code() =>
        Assert.Equal(32629, GeoReferencingParser.EpsgOf(Keys((1024, 1), (2048, 4326), (3072, 32629))));

    [Fact]
    public void Geographic_models_use_the_geographic_code() =>
        Assert.Equal(4326, GeoReferencingParser.EpsgOf(Keys((1024, 2), (2048, 4326))));

    [Fact]
    public void User_defined_codes_are_no_epsg() =>
        Assert.Null(GeoReferencingParser.EpsgOf(Keys((1024, 1), (2048, 4326), (3072, 32767))));

    [Fact]
    public void A_key_count_beyond_the_array_keeps_the_keys_present()
    {
        ulong[] values = [1, 1, 0, 50, 1024, 0, 1, 2, 2048, 0, 1, 4258];
        Assert.Equal(4258, GeoReferencingParser.EpsgOf(GeoKeyDirectory.Parse(values)));
    }
}
