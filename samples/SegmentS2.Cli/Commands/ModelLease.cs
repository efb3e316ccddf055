using SegmentS2.Workflow;

namespace SegmentS2.Cli.Commands;

/// <summary>A model's files for the length of one run.</summary>
public sealed class ModelLease(ModelChoice choice, string? encoder, string? decoder, string? temporaryFolder) : IDisposable
{
    /// <summary>Sets the model on the workflow's options.</summary>
    public void Apply(SegmentS2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EncoderPath = encoder;
        options.DecoderPath = decoder;
        options.ModelDirectory = choice.Directory;
        options.ModelType = choice.ModelType;
    }

    /// <summary>Deletes the demo model's temporary folder.</summary>
    public void Dispose()
    {
        if (temporaryFolder is not null && System.IO.Directory.Exists(temporaryFolder))
        {
            System.IO.Directory.Delete(temporaryFolder, recursive: true);
        }
    }
}
