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
    public void Each_documented_export_name_is_found(string modelType, string encoder, string decoder)
    {
        Touch(encoder, decoder, "unrelated.onnx");
        var options = new SegmentS2Options { ModelDirectory = _dir, ModelType = modelType };
        Assert.Equal((Path.Combine(_dir, encoder), Path.Combine(_dir, decoder)), options.ResolveModelPaths());
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
