using SegmentS2.Workflow;

namespace SegmentS2.Tests.Workflow;

public class SegmentS2OptionsTests
{
    [Fact]
    public void Defaults_are_the_reference_parameters()
    {
        var o = new SegmentS2Options();
        o.Validate();
        Assert.Null(o.ModelType); // the model folder's one pair, whatever its type
        Assert.Equal(["vit_b", "vit_l", "vit_h", "mobile_sam"], SegmentS2.Sam.Loading.SamModelFiles.ModelTypes);
        Assert.Equal(0.5, o.SpatialOverlap);
        Assert.Equal(["R", "G", "B"], o.BandNames);
        Assert.Equal(1e-4, o.BandScaling);
        Assert.Equal(0, o.BandOffset);
        Assert.Equal(64, o.PointsPerBatch);
        Assert.Equal(1024, o.ChipSize);
    }

    public static TheoryData<Action<SegmentS2Options>, string, string> OutOfRange => new()
    {
        { o => o.SpatialOverlap = 1.0, "SpatialOverlap", "= 1" },
        { o => o.SpatialOverlap = -0.1, "SpatialOverlap", "= -0.1" },
        { o => o.SpatialOverlap = double.NaN, "SpatialOverlap", "NaN" },
        { o => o.ModelType = "vit_x", "ModelType", "= vit_x " },
        { o => o.ModelType = "vit_t", "ModelType", "one of vit_b, vit_l, vit_h, mobile_sam" }, // MobileSAM's registry key is not a type here
        { o => o.PointsPerBatch = 0, "PointsPerBatch", "= 0" },
        { o => o.BandNames = ["R", "G"], "BandNames", "= R,G " },
        { o => o.BandScaling = 0, "BandScaling", "= 0" },
        { o => o.MaxCloudFraction = 1.5, "MaxCloudFraction", "1.5" },
        { o => o.EncoderPath = "enc.onnx", "DecoderPath", "null" },
        { o => o.ChipSize = 8, "ChipSize", "= 8" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Out_of_range_option_is_named_with_its_value(Action<SegmentS2Options> set, string option, string valueText)
    {
        var o = new SegmentS2Options();
        set(o);
        var ex = Assert.Throws<InvalidOptionException>(o.Validate);
        Assert.Equal(option, ex.OptionName);
        Assert.Contains(valueText, ex.Message);
    }

    [Fact]
    public void Model_paths_follow_the_model_type()
    {
        var dir = Directory.CreateTempSubdirectory("segment-s2-models").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "vit_h_encoder.onnx"), []);
            File.WriteAllBytes(Path.Combine(dir, "vit_h_decoder.onnx"), []);
            var o = new SegmentS2Options { ModelDirectory = dir, ModelType = "vit_h" };
            var (enc, dec) = o.ResolveModelPaths();
            Assert.Equal(Path.Combine(dir, "vit_h_encoder.onnx"), enc);
            Assert.Equal(Path.Combine(dir, "vit_h_decoder.onnx"), dec);
            Assert.Throws<InvalidOptionException>(() => new SegmentS2Options().ResolveModelPaths());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
