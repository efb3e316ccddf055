using System.Diagnostics;
using SegmentS2.Sam.Loading;

namespace SegmentS2.Benchmarks.RealSam;

/// <summary>
/// The real-architecture export the real-SAM benchmarks run on. The model type comes from the argument, else the
/// <c>SEGMENTS2_REAL_SAM_MODEL_TYPE</c> environment variable (vit_b, vit_l, vit_h or mobile_sam). The folder is the one
/// named by <c>SEGMENTS2_REAL_SAM_DIR</c> (without a model type, its one pair of any type, as <c>segment-s2 run --model-dir</c>
/// finds it), or else one made by tools/export-sam/export_sam.py with random weights (seed 1) into the system temp folder,
/// <c>segment-s2-real-sam-{type}-seed1</c> (vit_b when no type is given), and reused. With <c>SEGMENTS2_REAL_SAM_DECODER_WEIGHTS=blobs</c>
/// the export's decoder draws a compact blob per point, as a trained decoder draws a field, instead of random weights'
/// textures (<c>--decoder-weights blobs</c>; same encoder file, same decoder graph), into <c>segment-s2-real-sam-{type}-seed1-blobs</c>.
/// </summary>
public static class RealSamModels
{
    /// <summary>The environment variable naming the model type, which child processes inherit.</summary>
    public const string ModelTypeVariable = "SEGMENTS2_REAL_SAM_MODEL_TYPE";

    /// <summary>The environment variable naming the export's decoder weights, random (the default) or blobs; child processes inherit it.</summary>
    public const string DecoderWeightsVariable = "SEGMENTS2_REAL_SAM_DECODER_WEIGHTS";

    /// <summary>The model type, encoder and decoder paths, exporting them first when needed (vit_b: 1-2 min with two cores; mobile_sam: 25 s).</summary>
    public static (string ModelType, string Encoder, string Decoder) Locate(string? modelType = null)
    {
        modelType ??= Environment.GetEnvironmentVariable(ModelTypeVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        if (modelType is not null && !SamModelFiles.ModelTypes.Contains(modelType))
        {
            throw new ArgumentException($"Unknown model type '{modelType}'; one of {string.Join(", ", SamModelFiles.ModelTypes)}.", nameof(modelType));
        }

        string? given = Environment.GetEnvironmentVariable("SEGMENTS2_REAL_SAM_DIR") is { Length: > 0 } g ? g : null;
        if (given is not null && modelType is null)
        {
            var (foundEncoder, foundDecoder) = SamModelFiles.Find(given);
            string type = SamModelFiles.ModelTypes.FirstOrDefault(t => Path.GetFileName(foundEncoder).Contains(t, StringComparison.Ordinal)) ?? "unknown";
            return (type, foundEncoder, foundDecoder);
        }

        modelType ??= "vit_b";
        string weights = Environment.GetEnvironmentVariable(DecoderWeightsVariable) is { Length: > 0 } w ? w : "random";
        if (weights is not ("random" or "blobs"))
        {
            throw new ArgumentException($"{DecoderWeightsVariable} is '{weights}'; it must be random or blobs.");
        }

        string directory = given ?? Path.Combine(Path.GetTempPath(), $"segment-s2-real-sam-{modelType}-seed1{(weights == "blobs" ? "-blobs" : "")}");
        string encoder = Path.Combine(directory, $"{modelType}_encoder.onnx");
        string decoder = Path.Combine(directory, $"{modelType}_decoder.onnx");
        if (!File.Exists(encoder) || !File.Exists(decoder))
        {
            Export(directory, modelType, weights);
        }

        return (modelType, encoder, decoder);
    }

    private static void Export(string directory, string modelType, string decoderWeights)
    {
        string tool = FindUp(Path.Combine("tools", "export-sam", "export_sam.py"));
        string thirdParty = Path.Combine(FindUp(Path.Combine("shared", "third-party", "segment_anything", "__init__.py"), "shared"), "third-party");
        var psi = new ProcessStartInfo("/usr/bin/python3", [tool, "--model-type", modelType, "--random-weights", "--seed", "1", "--decoder-weights", decoderWeights, "--output-dir", directory]);
        psi.Environment["PYTHONPATH"] = thirdParty;
        Console.WriteLine($"// exporting {modelType} (random weights, seed 1, decoder weights {decoderWeights}) into {directory}");
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"export_sam.py failed with exit code {p.ExitCode}; set SEGMENTS2_REAL_SAM_DIR to an existing export instead.");
        }
    }

    private static string FindUp(string relative, string? returnFolder = null)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return returnFolder is null ? candidate : Path.Combine(dir.FullName, returnFolder);
            }
        }

        throw new FileNotFoundException($"No {relative} above {AppContext.BaseDirectory}.");
    }
}
