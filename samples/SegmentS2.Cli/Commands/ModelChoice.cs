using SegmentS2.Testing.Models;

namespace SegmentS2.Cli.Commands;

/// <summary>The model a command uses, checked; <see cref="Open"/> makes the demo model's files when asked for.</summary>
public sealed record ModelChoice(string? Directory, string? ModelType, string? Encoder, string? Decoder, bool Demo, string CommandName)
{
    /// <summary>The model's files for one run: writes the demo model to a temporary folder (deleted on dispose) and says so.</summary>
    public ModelLease Open(TextWriter writer, CliVerbosity verbosity)
    {
        if (!Demo)
        {
            return new ModelLease(this, Encoder, Decoder, null);
        }

        string folder = System.IO.Directory.CreateTempSubdirectory("segment-s2-demo-model-").FullName;
        var (encoder, decoder) = SamContractModelBuilder.WriteDemoModels(folder);
        if (verbosity != CliVerbosity.Quiet)
        {
            writer.WriteLine($"segment-s2 {CommandName}: --demo-model is the SAM-contract DEMO model (disc around the first foreground point, or the box interior), NOT Segment Anything.");
        }

        return new ModelLease(this, encoder, decoder, folder);
    }
}
