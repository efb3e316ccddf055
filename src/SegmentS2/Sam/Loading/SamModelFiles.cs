namespace SegmentS2.Sam.Loading;

/// <summary>
/// Finds the encoder and decoder ONNX files of a SAM variant in a folder, under the names the documented exports write:
/// <c>{model}_encoder.onnx</c> (tools/export-sam), <c>{model}.encoder.onnx</c> (samexporter), <c>sam_{model}_encoder.onnx</c>,
/// and the SAM-contract demo model's <c>sam-contract-demo.encoder.onnx</c>, each with its matching decoder.
/// </summary>
public static class SamModelFiles
{
    private const string DemoEncoder = "sam-contract-demo.encoder.onnx";
    private const string DemoDecoder = "sam-contract-demo.decoder.onnx";

    /// <summary>
    /// The model types looked for: SAM's <c>vit_b</c>, <c>vit_l</c>, <c>vit_h</c> and MobileSAM's <c>mobile_sam</c>
    /// (TinyViT encoder, SAM's decoder; same contract).
    /// </summary>
    public static IReadOnlyList<string> ModelTypes { get; } = ["vit_b", "vit_l", "vit_h", "mobile_sam"];

    /// <summary>The accepted (encoder, decoder) file name pairs for <paramref name="modelType"/> (one of <see cref="ModelTypes"/>), in order.</summary>
    public static IReadOnlyList<(string Encoder, string Decoder)> CandidateNames(string modelType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelType);
        return
        [
            ($"{modelType}_encoder.onnx", $"{modelType}_decoder.onnx"),
            ($"{modelType}.encoder.onnx", $"{modelType}.decoder.onnx"),
            ($"sam_{modelType}_encoder.onnx", $"sam_{modelType}_decoder.onnx"),
            (DemoEncoder, DemoDecoder),
        ];
    }

    /// <summary>Finds the one encoder/decoder pair for <paramref name="modelType"/> in <paramref name="directory"/>.</summary>
    /// <exception cref="SamModelDirectoryException">The folder does not exist, or holds no complete pair, or more than one.</exception>
    public static (string Encoder, string Decoder) Find(string directory, string modelType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var candidates = CandidateNames(modelType).Select(c => (Type: c.Encoder == DemoEncoder ? "demo model" : modelType, c.Encoder, c.Decoder)).ToArray();
        var lookedFor = candidates.Select(c => $"{c.Encoder} + {c.Decoder}").ToArray();
        return Find(directory, candidates,
            none: $"no {modelType} encoder/decoder pair. Looked for: {string.Join("; ", lookedFor)}.",
            several: n => $"{n} {modelType} encoder/decoder pairs",
            rename: "Rename the files, set ModelType, or pass EncoderPath/DecoderPath (--encoder/--decoder).");
    }

    /// <summary>
    /// Finds the one encoder/decoder pair of any of <see cref="ModelTypes"/> (or the demo model) in <paramref name="directory"/>:
    /// what <c>SegmentS2Options.ModelDirectory</c> uses when <c>ModelType</c> is not set.
    /// </summary>
    /// <exception cref="SamModelDirectoryException">
    /// The folder does not exist, or holds no complete pair of any type, or more than one pair (of one type or of several; the
    /// message names each pair with its type).
    /// </exception>
    public static (string Encoder, string Decoder) Find(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var candidates = ModelTypes
            .SelectMany(t => CandidateNames(t).Where(c => c.Encoder != DemoEncoder).Select(c => (Type: t, c.Encoder, c.Decoder)))
            .Append(("demo model", DemoEncoder, DemoDecoder))
            .ToArray();
        var patterns = CandidateNames("{type}").Where(c => c.Encoder != DemoEncoder).Select(c => $"{c.Encoder} + {c.Decoder}");
        return Find(directory, candidates,
            none: $"no encoder/decoder pair of a known model type ({string.Join(", ", ModelTypes)}). " +
                  $"Looked for, with {{type}} each of them: {string.Join("; ", patterns)}; and {DemoEncoder} + {DemoDecoder}.",
            several: n => $"{n} encoder/decoder pairs",
            rename: "Rename the files, or pass EncoderPath/DecoderPath (--encoder/--decoder).");
    }

    private static (string Encoder, string Decoder) Find(
        string directory, (string Type, string Encoder, string Decoder)[] candidates, string none, Func<int, string> several, string rename)
    {
        var lookedFor = candidates.Select(c => $"{c.Encoder} + {c.Decoder}").ToArray();
        string full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new SamModelDirectoryException(directory, lookedFor, [],
                $"The model folder '{directory}' does not exist. Export SAM as docs/models.md shows, or pass the files themselves (EncoderPath/DecoderPath, --encoder/--decoder).");
        }

        var onnx = System.IO.Directory.EnumerateFiles(full, "*.onnx").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        var matches = candidates.Where(c => File.Exists(Path.Combine(full, c.Encoder)) && File.Exists(Path.Combine(full, c.Decoder))).ToArray();
        string holds = onnx.Length == 0 ? "no .onnx file" : string.Join(", ", onnx);
        if (matches.Length == 1)
        {
            return (Path.Combine(full, matches[0].Encoder), Path.Combine(full, matches[0].Decoder));
        }

        if (matches.Length == 0)
        {
            throw new SamModelDirectoryException(directory, lookedFor, onnx, $"The model folder '{directory}' holds {none} The folder holds: {holds}. {rename}");
        }

        var types = matches.Select(m => m.Type).Distinct().ToArray();
        string pairs = types.Length == 1
            ? string.Join("; ", matches.Select(m => $"{m.Encoder} + {m.Decoder}"))
            : string.Join("; ", matches.Select(m => $"{m.Type} ({m.Encoder} + {m.Decoder})"));
        string choose = types.Length > 1 && types.Count(t => ModelTypes.Contains(t)) > 1 ? "Set ModelType (--model-type) to choose one, keep one pair" : "Keep one";
        throw new SamModelDirectoryException(directory, lookedFor, onnx,
            $"The model folder '{directory}' holds {several(matches.Length)}: {pairs}. {choose}, or pass EncoderPath/DecoderPath (--encoder/--decoder).");
    }
}
