using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SegmentS2.SharedDataTests.TestSupport;

namespace SegmentS2.SharedDataTests.Sam;

/// <summary>
/// SAM vit_b exported by tools/export-sam/export_sam.py with seeded random weights: the real
/// architecture, graph, ops and sizes. Exported once and cached under the test output, keyed by a
/// hash of the tool and the seed, so later runs of the same build reuse it (an export takes 1-2 min).
/// </summary>
public sealed class RealSamExport
{
    /// <summary>The seed of the random weights.</summary>
    public const int Seed = 20260101;

    /// <summary>The model type.</summary>
    public const string ModelType = "vit_b";

    public RealSamExport()
    {
        string tool = Path.Combine(SharedPaths.ExportTools, "export_sam.py");
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(tool)))}|{ModelType}|{Seed}")))[..16];
        Directory = Path.Combine(AppContext.BaseDirectory, "real-sam", key);
        if (!File.Exists(ManifestPath))
        {
            string scratch = Directory + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            Python.Run(tool, ["--model-type", ModelType, "--random-weights", "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output-dir", scratch], TimeSpan.FromMinutes(20));
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
        WeightsSha256 = manifest.RootElement.GetProperty("weights_sha256").GetString()!;
        EncoderParameters = manifest.RootElement.GetProperty("encoder_parameters").GetInt64();
        DecoderCropPatched = manifest.RootElement.GetProperty("decoder_crop_patched").GetBoolean();
    }

    /// <summary>The folder holding the export.</summary>
    public string Directory { get; }

    public string EncoderPath => Path.Combine(Directory, $"{ModelType}_encoder.onnx");

    public string DecoderPath => Path.Combine(Directory, $"{ModelType}_decoder.onnx");

    public string ManifestPath => Path.Combine(Directory, $"{ModelType}_export.json");

    /// <summary>SHA-256 of the exported weights, as the export tool computed it from the state dict.</summary>
    public string WeightsSha256 { get; }

    /// <summary>Parameters of the image encoder.</summary>
    public long EncoderParameters { get; }

    /// <summary>Whether the tool had to replace an int()-based mask crop in segment-anything.</summary>
    public bool DecoderCropPatched { get; }
}
