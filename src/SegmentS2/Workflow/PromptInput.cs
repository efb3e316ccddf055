using NetTopologySuite.Features;
using SegmentS2.Prompts;

namespace SegmentS2.Workflow;

/// <summary>Where a run's prompts come from: a GeoJSON file, a stream, text, or NTS features.</summary>
public sealed class PromptInput
{
    private readonly Func<IPromptEncoder, CancellationToken, Task<PromptCollection>> _load;

    private PromptInput(string description, Func<IPromptEncoder, CancellationToken, Task<PromptCollection>> load)
    {
        Description = description;
        _load = load;
    }

    /// <summary>Says where the prompts come from, for messages.</summary>
    public string Description { get; }

    /// <summary>
    /// Prompts from a file: a GeoJSON FeatureCollection or a GeoPackage (its first feature layer, with the layer's CRS),
    /// told apart by content, not by name.
    /// </summary>
    public static PromptInput FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new PromptInput(path, (encoder, ct) => PromptFile.ReadAsync(encoder, path, ct));
    }

    /// <summary>Prompts from a stream of GeoJSON, read once.</summary>
    public static PromptInput FromStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new PromptInput("stream", (encoder, ct) => encoder.ReadGeoJsonAsync(stream, ct));
    }

    /// <summary>Prompts from GeoJSON text.</summary>
    public static PromptInput FromGeoJson(string geoJson)
    {
        ArgumentNullException.ThrowIfNull(geoJson);
        return new PromptInput("GeoJSON text", (encoder, _) => Task.FromResult(encoder.ReadGeoJson(geoJson)));
    }

    /// <summary>Prompts as NetTopologySuite features.</summary>
    public static PromptInput FromFeatures(FeatureCollection features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return new PromptInput("feature collection", (_, _) => Task.FromResult(new PromptCollection(features)));
    }

    internal Task<PromptCollection> LoadAsync(IPromptEncoder encoder, CancellationToken cancellationToken) => _load(encoder, cancellationToken);
}
