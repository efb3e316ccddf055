using SegmentS2.Sam;
using SegmentS2.Sam.Loading;
using SegmentS2.Workflow;

namespace SegmentS2.Tests.Sam.Loading;

/// <summary><see cref="SegmentS2Options.ModelDirectory"/> finds the files every documented export writes, and says what it looked for when it cannot.</summary>
public sealed class SamModelFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("segment-s2-model-dir-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Touch(params string[] names)
    {
        foreach (var name in names)
        {
            File.WriteAllBytes(Path.Combine(_dir, name), []);
        }
    }

    [Theory]
    [InlineData("vit_b", "vit_b_encoder.onnx", "vit_b_decoder.onnx")] // tools/export-sam
    [InlineData("vit_l", "vit_l.encoder.onnx", "vit_l.decoder.onnx")] // samexporter
    [InlineData("vit_h", "sam_vit_h_encoder.onnx", "sam_vit_h_decoder.onnx")]
    [InlineData("vit_b", "sam-contract-demo.encoder.onnx", "sam-contract-demo.decoder.onnx")] // the demo model
    [InlineData("mobile_sam", "mobile_sam_encoder.onnx", "mobile_sam_decoder.onnx")] // tools/export-sam --model-type mobile_sam
    [InlineData("mobile_sam", "mobile_sam.encoder.onnx", "mobile_sam.decoder.onnx")]
    [InlineData("mobile_sam", "sam_mobile_sam_encoder.onnx", "sam_mobile_sam_decoder.onnx")]
    public void Each_documented_export_name_is_found(string modelType, string encoder, string decoder)
    {
        Touch(encoder, decoder, "unrelated.onnx");
        var options = new SegmentS2Options { ModelDirectory = _dir, ModelType = modelType };
        options.Validate();
        Assert.Equal((Path.Combine(_dir, encoder), Path.Combine(_dir, decoder)), options.ResolveModelPaths());
    }

    [Theory]
    [InlineData("vit_b_encoder.onnx", "vit_b_decoder.onnx")]
    [InlineData("vit_l.encoder.onnx", "vit_l.decoder.onnx")]
    [InlineData("sam_vit_h_encoder.onnx", "sam_vit_h_decoder.onnx")]
    [InlineData("mobile_sam_encoder.onnx", "mobile_sam_decoder.onnx")]
    [InlineData("sam-contract-demo.encoder.onnx", "sam-contract-demo.decoder.onnx")]
    public void Without_a_model_type_the_folders_one_pair_of_any_type_is_found(string encoder, string decoder)
    {
        // An encoder of another type without its decoder is no pair and does not count.
        Touch(encoder, decoder, "unrelated.onnx", encoder.StartsWith("vit_b", StringComparison.Ordinal) ? "mobile_sam_encoder.onnx" : "vit_b_encoder.onnx");
        var options = new SegmentS2Options { ModelDirectory = _dir };
        Assert.Null(options.ModelType);
        options.Validate();
        Assert.Equal((Path.Combine(_dir, encoder), Path.Combine(_dir, decoder)), options.ResolveModelPaths());
        Assert.Equal((Path.Combine(_dir, encoder), Path.Combine(_dir, decoder)), SamModelFiles.Find(_dir));
    }

    [Fact]
    public void Without_a_model_type_pairs_of_two_types_are_refused_naming_both()
    {
        Touch("vit_b_encoder.onnx", "vit_b_decoder.onnx", "mobile_sam_encoder.onnx", "mobile_sam_decoder.onnx");
        var e = Assert.Throws<SamModelDirectoryException>(() => new SegmentS2Options { ModelDirectory = _dir }.ResolveModelPaths());
        Assert.Contains($"The model folder '{_dir}' holds 2 encoder/decoder pairs: vit_b (vit_b_encoder.onnx + vit_b_decoder.onnx); mobile_sam (mobile_sam_encoder.onnx + mobile_sam_decoder.onnx)", e.Message);
        Assert.Contains("Set ModelType (--model-type) to choose one", e.Message);
        Assert.Equal(["mobile_sam_decoder.onnx", "mobile_sam_encoder.onnx", "vit_b_decoder.onnx", "vit_b_encoder.onnx"], e.Found);

        // Naming the type picks that pair.
        var options = new SegmentS2Options { ModelDirectory = _dir, ModelType = "mobile_sam" };
        Assert.Equal((Path.Combine(_dir, "mobile_sam_encoder.onnx"), Path.Combine(_dir, "mobile_sam_decoder.onnx")), options.ResolveModelPaths());
    }

    [Fact]
    public void Without_a_model_type_two_pairs_of_one_type_are_refused_naming_both()
    {
        Touch("mobile_sam_encoder.onnx", "mobile_sam_decoder.onnx", "mobile_sam.encoder.onnx", "mobile_sam.decoder.onnx");
        var e = Assert.Throws<SamModelDirectoryException>(() => SamModelFiles.Find(_dir));
        Assert.Contains("holds 2 encoder/decoder pairs: mobile_sam_encoder.onnx + mobile_sam_decoder.onnx; mobile_sam.encoder.onnx + mobile_sam.decoder.onnx. Keep one", e.Message);
    }

    [Fact]
    public void Without_a_model_type_no_pair_names_every_type_and_what_the_folder_holds()
    {
        Touch("vit_b_encoder.onnx", "mobile_sam_decoder.onnx");
        var e = Assert.Throws<SamModelDirectoryException>(() => new SegmentS2Options { ModelDirectory = _dir }.ResolveModelPaths());
        Assert.Equal(_dir, e.Directory);
        Assert.Contains($"The model folder '{_dir}' holds no encoder/decoder pair of a known model type (vit_b, vit_l, vit_h, mobile_sam)", e.Message);
        Assert.Contains("{type}_encoder.onnx + {type}_decoder.onnx; {type}.encoder.onnx + {type}.decoder.onnx; sam_{type}_encoder.onnx + sam_{type}_decoder.onnx", e.Message);
        Assert.Contains("The folder holds: mobile_sam_decoder.onnx, vit_b_encoder.onnx", e.Message);
        // Every concrete pair looked for, each type's names and the demo model's once.
        Assert.Equal(SamModelFiles.ModelTypes.Count * 3 + 1, e.LookedFor.Count);
        Assert.Contains("mobile_sam_encoder.onnx + mobile_sam_decoder.onnx", e.LookedFor);
        Assert.Contains("sam_vit_l_encoder.onnx + sam_vit_l_decoder.onnx", e.LookedFor);
        Assert.Single(e.LookedFor, p => p.StartsWith("sam-contract-demo", StringComparison.Ordinal));
        Assert.Equal(["mobile_sam_decoder.onnx", "vit_b_encoder.onnx"], e.Found);
    }

    [Fact]
    public void No_pair_lists_every_name_looked_for_and_the_folders_files()
    {
        Touch("vit_b_encoder.onnx", "vit_l_decoder.onnx");
        var e = Assert.Throws<SamModelDirectoryException>(() => SamModelFiles.Find(_dir, "vit_b"));
        Assert.Equal(_dir, e.Directory);
        Assert.Equal(SamModelFiles.CandidateNames("vit_b").Select(c => $"{c.Encoder} + {c.Decoder}"), e.LookedFor);
        Assert.Equal(["vit_b_encoder.onnx", "vit_l_decoder.onnx"], e.Found);
        Assert.Contains("sam_vit_b_encoder.onnx + sam_vit_b_decoder.onnx", e.Message);
        Assert.Contains("The folder holds: vit_b_encoder.onnx, vit_l_decoder.onnx", e.Message);
    }

    [Fact]
    public void Two_pairs_are_refused_naming_both()
    {
        Touch("vit_b_encoder.onnx", "vit_b_decoder.onnx", "vit_b.encoder.onnx", "vit_b.decoder.onnx");
        var e = Assert.Throws<SamModelDirectoryException>(() => SamModelFiles.Find(_dir, "vit_b"));
        Assert.Contains("holds 2 vit_b encoder/decoder pairs: vit_b_encoder.onnx + vit_b_decoder.onnx; vit_b.encoder.onnx + vit_b.decoder.onnx", e.Message);
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        string missing = Path.Combine(_dir, "nope");
        var e = Assert.Throws<SamModelDirectoryException>(() => new SegmentS2Options { ModelDirectory = missing }.ResolveModelPaths());
        Assert.Contains($"The model folder '{missing}' does not exist", e.Message);
        Assert.Empty(e.Found);
    }
}
