using System.Globalization;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using SegmentS2.Projection;
using SegmentS2.Prompts;

namespace SegmentS2.Batch;

/// <summary>
/// Splits a prompt collection into fields by <c>prompt_id</c>. Features that cannot belong to any field (no usable id,
/// no geometry, coordinates that cannot be projected) become failures naming the feature; every other rule of the
/// reference is checked per field later, so one bad field never rejects the others.
/// </summary>
internal static class BatchFieldReader
{
    public static (IReadOnlyList<BatchField> Fields, IReadOnlyList<BatchFailure> Failures) Read(PromptCollection prompts, int? promptsEpsg)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        int epsg = promptsEpsg ?? prompts.DeclaredEpsg ?? CrsRegistry.Wgs84;
        var failures = new List<BatchFailure>();
        var members = new Dictionary<string, List<IFeature>>(StringComparer.Ordinal);
        var order = new List<string>();
        var features = prompts.Features;
        for (int i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            var (integer, text) = PromptAttributes.ReadId(feature);
            string? id = integer is long n ? n.ToString(CultureInfo.InvariantCulture) : text;
            if (id is null)
            {
                failures.Add(new BatchFailure($"feature {i}",
                    $"feature {i} has prompt_id {PromptAttributes.Describe(feature, PromptAttributes.PromptId)}: a prompt_id must be an integer or a string, so the feature belongs to no field"));
                continue;
            }

            if (!members.TryGetValue(id, out var list))
            {
                members[id] = list = [];
                order.Add(id);
            }

            list.Add(feature);
        }

        CrsTransform? toWgs84 = null;
        var fields = new List<BatchField>(order.Count);
        foreach (string id in order.Order(PromptIdComparer.CodePoint))
        {
            var list = members[id];
            var envelope = new Envelope();
            string? problem = null;
            foreach (var f in list)
            {
                if (f.Geometry is null || f.Geometry.IsEmpty)
                {
                    problem = $"field {id}: a feature has no geometry";
                    break;
                }

                envelope.ExpandToInclude(f.Geometry.EnvelopeInternal);
            }

            if (problem is null && !(double.IsFinite(envelope.MinX) && double.IsFinite(envelope.MaxX) && double.IsFinite(envelope.MinY) && double.IsFinite(envelope.MaxY)))
            {
                problem = $"field {id}: a coordinate is not a finite number";
            }

            if (problem is null && epsg != CrsRegistry.Wgs84)
            {
                try
                {
                    toWgs84 ??= CrsTransform.Create(epsg, CrsRegistry.Wgs84);
                    var g = new GeometryFactory().ToGeometry(envelope);
                    envelope = toWgs84.Transform(g).EnvelopeInternal;
                }
                catch (Exception ex) when (ex is UnsupportedCrsException or ArgumentException or InvalidOperationException)
                {
                    problem = $"field {id}: its coordinates cannot be converted from EPSG:{epsg} to EPSG:4326 ({ex.Message})";
                }
            }

            if (problem is not null)
            {
                failures.Add(new BatchFailure(id, problem));
                continue;
            }

            fields.Add(BatchField.Create(id, list, prompts.DeclaredEpsg, envelope));
        }

        return (fields, failures);
    }
}
