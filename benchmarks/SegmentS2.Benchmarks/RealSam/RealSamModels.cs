using System.Diagnostics;

namespace SegmentS2.Benchmarks.RealSam;

/// <summary>
/// The real-architecture SAM vit_b export the real-SAM benchmarks run on: the folder named by the
/// <c>SEGMENTS2_REAL_SAM_DIR</c> environment variable (holding vit_b_encoder.onnx and vit_b_decoder.onnx), or else
/// one made by tools/export-sam/export_sam.py with random weights (seed 1) into the system temp folder and reused.
/// </summary>
public static class RealSamModels
{
    /// <summary>The encoder and decoder paths, exporting them first when needed (1-2 min with two cores).</summary>
    public static (string Encoder, string Decoder) Locate()
    {
        string directory = Environment.GetEnvironmentVariable("SEGMENTS2_REAL_SAM_DIR") is { Length: > 0 } given
            ? given
            : Path.Combine(Path.GetTempPath(), "segment-s2-real-sam-vit_b-seed1");
        string encoder = Path.Combine(directory, "vit_b_encoder.onnx");
        string decoder = Path.Combine(directory, "vit_b_decoder.onnx");
        if (!File.Exists(encoder) || !File.Exists(decoder))
        {
            Export(directory);
        }

        return (encoder, decoder);
    }

    private static void Export(string directory)
    {
        string tool = FindUp(Path.Combine("tools", "export-sam", "export_sam.py"));
        string thirdParty = Path.Combine(FindUp(Path.Combine("shared", "third-party", "segment_anything", "__init__.py"), "shared"), "third-party");
        var psi = new ProcessStartInfo("/usr/bin/python3", [tool, "--model-type", "vit_b", "--random-weights", "--seed", "1", "--output-dir", directory]);
        psi.Environment["PYTHONPATH"] = thirdParty;
        Console.WriteLine($"// exporting SAM vit_b (random weights, seed 1) into {directory}");
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
