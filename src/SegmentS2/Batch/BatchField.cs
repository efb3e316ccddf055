using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using SegmentS2.Prompts;

namespace SegmentS2.Batch;

/// <summary>One field: the prompt features of one <c>prompt_id</c>, and their envelope in EPSG:4326.</summary>
/// <param name="Id">The <c>prompt_id</c> as text (integers in decimal).</param>
/// <param name="Prompts">The field's own features, validated and prepared on their own so that one bad field fails alone.</param>
/// <param name="Wgs84Envelope">Envelope of the features in EPSG:4326 (longitude, latitude), for searching and routing.</param>
internal sealed record BatchField(string Id, PromptCollection Prompts, Envelope Wgs84Envelope)
{
    /// <summary>Number of prompt elements.</summary>
    public int FeatureCount => Prompts.Features.Count;

    /// <summary>Makes a field of some features.</summary>
    public static BatchField Create(string id, IEnumerable<IFeature> features, int? declaredEpsg, Envelope wgs84Envelope)
    {
        var collection = new FeatureCollection();
        foreach (var f in features)
        {
            collection.Add(f);
        }

        return new BatchField(id, new PromptCollection(collection, declaredEpsg), wgs84Envelope);
    }
}
