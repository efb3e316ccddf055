using SegmentS2.Output;

namespace SegmentS2.Tests.Output;

public class OutputPathsStemTests
{
    [Fact]
    public void Safe_short_ids_are_their_own_stem()
    {
        Assert.Equal("S2A_MSIL2A_20230615T103629_R008_T31UDQ_20230615T133629", OutputPaths.Stem("S2A_MSIL2A_20230615T103629_R008_T31UDQ_20230615T133629"));
        Assert.Equal("S2B_20230614_R094", OutputPaths.Stem("S2B_20230614_R094"));
    }

    [Fact]
    public void Ids_that_sanitise_alike_get_distinct_stems()
    {
        string[] ids = ["..", ".", "", "_", "a/b", "a_b", "a\\b", "a\0b", new string('L', 5000), new string('L', 5000) + "x", new string('x', 81), new string('x', 82)];
        var stems = ids.Select(OutputPaths.Stem).ToArray();
        Assert.Equal(ids.Length, stems.Distinct(StringComparer.Ordinal).Count());
        Assert.All(stems, s => Assert.Equal(OutputPaths.Sanitize(s), s));
        Assert.All(stems, s => Assert.InRange(s.Length, 1, OutputPaths.MaxStemLength));
        Assert.Equal("_", OutputPaths.Stem("_")); // safe, so unchanged
        Assert.Matches("^_.._etc_passwd_[0-9a-f]{8}$", OutputPaths.Stem("../../etc/passwd"));
    }

    [Fact]
    public void A_stem_and_every_output_suffix_survive_combining_whole()
    {
        // Sanitize cuts names at 120 characters: a longer stem would cut the suffixes off and the outputs would share one file.
        string root = Path.Combine(Path.GetTempPath(), "segment-s2-stems");
        string stem = OutputPaths.Stem(new string('s', 300));
        var names = new[] { "_segmentation_mask.tif", "_s2_raster.tif", "_polygons.geojson", "_quicklook.png" }
            .Select(suffix => OutputPaths.Combine(root, stem + suffix)).ToArray();
        Assert.Equal(4, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.EndsWith(stem, Path.GetFileNameWithoutExtension(n).Split("_segmentation")[0].Split("_s2_raster")[0].Split("_polygons")[0].Split("_quicklook")[0]));
    }
}
