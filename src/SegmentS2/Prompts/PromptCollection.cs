using NetTopologySuite.Features;

namespace SegmentS2.Prompts;

/// <summary>
/// Prompt features as read, before validation: each feature is one prompt element (a Point or a Polygon box) with
/// properties <c>prompt_id</c> and <c>label</c>. Build one from a GeoJSON file with <see cref="IPromptEncoder"/>, or
/// from NetTopologySuite features in code (property values: integers, strings, or <see cref="System.Text.Json.JsonElement"/>).
/// </summary>
public sealed class PromptCollection
{
    /// <summary>Wraps features.</summary>
    /// <param name="features">The prompt features.</param>
    /// <param name="declaredEpsg">The EPSG code the source declared for its coordinates (legacy GeoJSON <c>crs</c> member), if any.</param>
    public PromptCollection(FeatureCollection features, int? declaredEpsg = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        Features = features;
        DeclaredEpsg = declaredEpsg;
    }

    /// <summary>The prompt features, in file order.</summary>
    public FeatureCollection Features { get; }

    /// <summary>
    /// The EPSG code the GeoJSON's legacy <c>crs</c> member declared (<c>urn:ogc:def:crs:EPSG::NNNN</c> or
    /// <c>EPSG:NNNN</c>); null when it declared none, in which case coordinates are WGS 84 longitude, latitude (RFC 7946).
    /// </summary>
    public int? DeclaredEpsg { get; }

    /// <summary>Wraps features that declare no CRS.</summary>
    public static implicit operator PromptCollection(FeatureCollection features) => new(features);
}
