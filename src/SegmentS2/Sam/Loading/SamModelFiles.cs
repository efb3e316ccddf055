namespace SegmentS2.Sam.Loading;

/// <summary>
/// Finds the encoder and decoder ONNX files of a SAM variant in a folder, under the names the documented exports write:
/// <c>{model}_encoder.onnx</c> (tools/export-sam), <c>{model}.encoder.onnx</c> (samexporter), <c>sam_{model}_encoder.onnx</c>,
/// and the SAM-contract demo model's <c>sam-contract-demo.encoder.onnx</c>, each with its matching decoder.
/// </summary>
public static class SamModelFiles
{
    /// <summary>The accepted (encoder, decoder) file name pairs for <paramref name="modelType"/> (vit_b, vit_l, vit_h), in order.</summary>
    public static IReadOnlyList<(string Encoder, string Decoder)> CandidateNames(string modelType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelType);
        return
        [
            ($"{modelType}_encoder.onnx", $"{modelType}_decoder.onnx"),
            ($"{modelType}.encoder.onnx", $"{modelType}.decoder.onnx"),
            ($"sam_{modelType}_encoder.onnx", $"sam_{modelType}_decoder.onnx"),
            ("sam-contract-demo.encoder.onnx", "sam-contract-demo.decoder.onnx"),
        ];
    }

    /// <summary>Finds the one encoder/decoder pair for <paramref name="modelType"/> in <paramref name="directory"/>.</summary>
    /// <exception cref="SamModelDirectoryException">The folder does not exist, or holds no complete pair, or more than one.</exception>
    public static (string Encoder, string Decoder) Find(string directory, string modelType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var candidates = CandidateNames(modelType);
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
            throw new SamModelDirectoryException(directory, lookedFor, onnx,
                $"The model folder '{directory}' holds no {modelType} encoder/decoder pair. Looked for: {string.Join("; ", lookedFor)}. " +
                $"The folder holds: {holds}. Rename the files, set ModelType, or pass EncoderPath/DecoderPath (--encoder/--decoder).");
        }

        throw new SamModelDirectoryException(directory, lookedFor, onnx,
            $"The model folder '{directory}' holds {matches.Length} {modelType} encoder/decoder pairs: " +
            $"{string.Join("; ", matches.Select(m => $"{m.Encoder} + {m.Decoder}"))}. Keep one, or pass EncoderPath/DecoderPath (--encoder/--decoder).");
    }
}
