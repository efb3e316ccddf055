using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SegmentS2.SharedDataTests.TestSupport;

namespace SegmentS2.SharedDataTests.Sam;

/// <summary>
/// A model type exported by tools/export-sam/export_sam.py with seeded random weights: the real architecture, graph,
/// ops and sizes. Exported once and cached under the test output, keyed by a hash of the tool, the model type and the
/// seed, so later runs of the same build reuse it (vit_b takes 1-2 min, mobile_sam about 25 s).
/// </summary>
public abstract class RealSamExport
{
    /// <summary>The seed of the random weights (and of MobileSAM's BatchNorm calibration noise).</summary>
    public const int Seed = 20260101;

    /// <param name="modelType">export_sam.py's <c>--model-type</c>.</param>
    /// <param name="decoderWeights">
    /// export_sam.py's <c>--decoder-weights</c>: <c>random</c> exports both models; any other value exports the decoder
    /// only (the encoder's weights do not depend on it), keyed apart.
    /// </param>
    protected RealSamExport(string modelType, string decoderWeights = "random")
    {
        ModelType = modelType;
        DecoderWeights = decoderWeights;
        string tool = Path.Combine(SharedPaths.ExportTools, "export_sam.py");
        string tools = string.Concat(new[] { "export_sam.py", "blob_decoder.py" }.Select(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(SharedPaths.ExportTools, f))))));
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tools}|{ModelType}|{Seed}|{DecoderWeights}")))[..16];
        Directory = Path.Combine(AppContext.BaseDirectory, "real-sam", key);
        if (!File.Exists(ManifestPath))
        {
            string scratch = Directory + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            string[] arguments = ["--model-type", ModelType, "--random-weights", "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--decoder-weights", DecoderWeights, "--output-dir", scratch];
            Python.Run(tool, DecoderWeights == "random" ? arguments : [.. arguments, "--skip-encoder"], TimeSpan.FromMinutes(20));
            try
            {
                System.IO.Directory.Move(scratch, Directory);
            }
            catch (IOException) when (File.Exists(ManifestPath))
            {
                // Another test process exported the same key first; use its copy.
                System.IO.Directory.Delete(scratch, recursive: true);
            }
        }

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(ManifestPath));
        var root = manifest.RootElement;
        Assert.Equal(ModelType, root.GetProperty("model_type").GetString());
        WeightsSha256 = root.GetProperty("weights_sha256").GetString()!;
        EncoderParameters = root.GetProperty("encoder_parameters").GetInt64();
        Assert.Equal(DecoderWeights, root.GetProperty("decoder_weights").GetString());
        var traced = root.GetProperty("encoder_parameters_traced");
        EncoderParametersTraced = traced.ValueKind == JsonValueKind.Null ? 0 : traced.GetInt64();
        BatchNormCalibrated = root.GetProperty("encoder_batchnorm_calibrated").GetInt32();
        EncoderBatchPatched = root.GetProperty("encoder_batch_patched").GetBoolean();
        DecoderCropPatched = root.GetProperty("decoder_crop_patched").GetBoolean();
    }

    /// <summary>The model type: export_sam.py's and reference_masks.py's <c>--model-type</c>.</summary>
    public string ModelType { get; }

    /// <summary>How the decoder's weights were set: export_sam.py's <c>--decoder-weights</c>.</summary>
    public string DecoderWeights { get; }

    /// <summary>The folder holding the export.</summary>
    public string Directory { get; }

    public string EncoderPath => Path.Combine(Directory, $"{ModelType}_encoder.onnx");

    public string DecoderPath => Path.Combine(Directory, $"{ModelType}_decoder.onnx");

    public string ManifestPath => Path.Combine(Directory, $"{ModelType}_export.json");

    /// <summary>SHA-256 of the exported weights, as the export tool computed it from the state dict.</summary>
    public string WeightsSha256 { get; }

    /// <summary>Parameters of the image encoder module.</summary>
    public long EncoderParameters { get; }

    /// <summary>Parameters of the encoder modules the traced forward ran (what the export holds before constant folding); 0 for a decoder-only export.</summary>
    public long EncoderParametersTraced { get; }

    /// <summary>BatchNorm layers whose statistics the tool set from seeded noise (0 for SAM's ViTs, which have none).</summary>
    public int BatchNormCalibrated { get; }

    /// <summary>Whether the tool made a traced-as-constant batch size dynamic (TinyViT's PatchMerging).</summary>
    public bool EncoderBatchPatched { get; }

    /// <summary>Whether the tool had to replace an int()-based mask crop in the package's SamOnnxModel.</summary>
    public bool DecoderCropPatched { get; }
}

/// <summary>SAM vit_b (segment-anything's ViT-B image encoder), seeded random weights.</summary>
public sealed class VitBExport() : RealSamExport("vit_b");

/// <summary>MobileSAM (the mobile_sam package's TinyViT image encoder, SAM's decoder), seeded random weights, calibrated BatchNorm.</summary>
public sealed class MobileSamExport() : RealSamExport("mobile_sam");

/// <summary>
/// SAM vit_b's decoder with export_sam.py's blob weights (same seed, same graph): each point gives a compact blob whose
/// edge follows the embedding. Decoder only; its encoder is <see cref="VitBExport"/>'s.
/// </summary>
public sealed class VitBBlobDecoderExport() : RealSamExport("vit_b", "blobs");
