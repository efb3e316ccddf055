using System.CommandLine;
using SegmentS2.Sam.Loading;

namespace SegmentS2.Cli.Commands;

/// <summary>
/// The model options every command that segments shares (<c>run</c>, <c>batch</c>, <c>auto</c>): exactly one of
/// <c>--model-dir</c> (with <c>--model-type</c>), <c>--encoder</c> with <c>--decoder</c>, or <c>--demo-model</c>.
/// </summary>
public sealed class ModelArguments
{
    /// <summary>Creates the options.</summary>
    public ModelArguments()
    {
        ModelDir = new Option<string?>("--model-dir") { Description = "Folder holding an exported SAM encoder and decoder (vit_b_encoder.onnx + vit_b_decoder.onnx, or the other names docs/models.md lists)." };
        ModelType = new Option<string?>("--model-type") { Description = $"Model type looked for in --model-dir: {string.Join(", ", SamModelFiles.ModelTypes)}; by default the folder's one pair of any of them." };
        ModelType.AcceptOnlyFromAmong([.. SamModelFiles.ModelTypes]);
        Encoder = new Option<string?>("--encoder") { Description = "SAM image encoder ONNX file (see docs/models.md); with --decoder." };
        Decoder = new Option<string?>("--decoder") { Description = "SAM mask decoder ONNX file; with --encoder." };
        DemoModel = new Option<bool>("--demo-model") { Description = "Use the SAM-contract demo model that `demo` uses (NOT Segment Anything): checks a setup without exporting SAM." };
    }

    /// <summary><c>--model-dir</c>.</summary>
    public Option<string?> ModelDir { get; }

    /// <summary><c>--model-type</c>.</summary>
    public Option<string?> ModelType { get; }

    /// <summary><c>--encoder</c>.</summary>
    public Option<string?> Encoder { get; }

    /// <summary><c>--decoder</c>.</summary>
    public Option<string?> Decoder { get; }

    /// <summary><c>--demo-model</c>.</summary>
    public Option<bool> DemoModel { get; }

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Add(ModelDir);
        command.Add(ModelType);
        command.Add(Encoder);
        command.Add(Decoder);
        command.Add(DemoModel);
    }

    /// <summary>Checks the options now (a model folder is searched at once, naming the files looked for).</summary>
    /// <exception cref="ArgumentException">No model, several, or an encoder without its decoder.</exception>
    /// <exception cref="SegmentS2.Sam.SamModelDirectoryException">The model folder holds no such pair.</exception>
    public ModelChoice Read(ParseResult parseResult, string commandName)
    {
        string? directory = parseResult.GetValue(ModelDir), encoder = parseResult.GetValue(Encoder), decoder = parseResult.GetValue(Decoder);
        bool demo = parseResult.GetValue(DemoModel);
        string? modelType = parseResult.GetValue(ModelType);
        if (encoder is null != decoder is null)
        {
            throw new ArgumentException(encoder is null
                ? $"--decoder '{decoder}' needs --encoder too (or use --model-dir DIR with both files in it)."
                : $"--encoder '{encoder}' needs --decoder too (or use --model-dir DIR with both files in it).");
        }

        int ways = (directory is not null ? 1 : 0) + (encoder is not null ? 1 : 0) + (demo ? 1 : 0);
        if (ways == 0)
        {
            throw new ArgumentException($"{commandName} needs a model: --model-dir DIR (an exported SAM, docs/models.md), --encoder E.onnx --decoder D.onnx, or --demo-model (the offline demo model, not SAM).");
        }

        if (ways > 1)
        {
            throw new ArgumentException("Give one model: --model-dir, --encoder with --decoder, or --demo-model, not several.");
        }

        if (directory is not null)
        {
            // Fails now, with the names looked for, rather than after the scene search.
            _ = modelType is null ? SamModelFiles.Find(directory) : SamModelFiles.Find(directory, modelType);
        }

        return new ModelChoice(directory, modelType, encoder, decoder, demo, commandName);
    }
}
