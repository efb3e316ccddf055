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

    protected RealSamExport(string modelType)
    {
        ModelType = modelType;
        string tool = Path.Combine(SharedPaths.ExportTools, "export_sam.py");
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(tool)))}|{ModelType}|{Seed}")))[..16];
        Directory = Path.Combine(AppContext.BaseDirectory, "real-sam", key);
        if (!File.Exists(ManifestPath))
        {
            string scratch = Directory + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            Python.Run(tool, ["--model-type", ModelType, "--random-weights", "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--output-dir", scratch], TimeSpan.FromMinutes(20));
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
        EncoderParametersTraced = root.GetProperty("encoder_parameters_traced").GetInt64();
        BatchNormCalibrated = root.GetProperty("encoder_batchnorm_calibrated").GetInt32();
        EncoderBatchPatched = root.GetProperty("encoder_batch_patched").GetBoolean();
        DecoderCropPatched = root.GetProperty("decoder_crop_patched").GetBoolean();
    }

    /// <summary>The model type: export_sam.py's and reference_masks.py's <c>--model-type</c>.</summary>
    public string ModelType { get; }

    /// <summary>The folder holding the export.</summary>
    public string Directory { get; }

    public string EncoderPath => Path.Combine(Directory, $"{ModelType}_encoder.onnx");

    public string DecoderPath => Path.Combine(Directory, $"{ModelType}_decoder.onnx");

    public string ManifestPath => Path.Combine(Directory, $"{ModelType}_export.json");

    /// <summary>SHA-256 of the exported weights, as the export tool computed it from the state dict.</summary>
    public string WeightsSha256 { get; }

    /// <summary>Parameters of the image encoder module.</summary>
    public long EncoderParameters { get; }

    /// <summary>Parameters of the encoder modules the traced forward ran (what the export holds before constant folding).</summary>
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
