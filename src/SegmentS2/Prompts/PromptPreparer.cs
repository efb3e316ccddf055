using System.Globalization;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using SegmentS2.Projection;
using SegmentS2.Raster;

namespace SegmentS2.Prompts;

/// <summary>
/// Validates prompt features in the reference's order (each rule over all features before the next rule, so the
/// first failure decides the error), then groups them by id and converts them to pixel coordinates.
/// </summary>
internal static class PromptPreparer
{
    private static readonly GeometryFactory Factory = new();

    public static PromptSet Prepare(PromptCollection prompts, int rasterEpsg, GeoTransform pixelTransform, Envelope roiInRasterCrs, int? promptsEpsg)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(roiInRasterCrs);
        if (!double.IsFinite(pixelTransform.Determinant) || pixelTransform.Determinant == 0)
        {
            throw new InvalidOptionException("pixel transform", pixelTransform, "invertible (finite, non-zero pixel size)");
        }

        var features = prompts.Features;
        int sourceEpsg = promptsEpsg ?? prompts.DeclaredEpsg ?? CrsRegistry.Wgs84;
        var transform = CrsTransform.Create(sourceEpsg, rasterEpsg);

        if (features.Count == 0)
        {
            throw new PromptValidationException(PromptValidationRule.EmptyCollection, "The prompt FeatureCollection has no features; at least one prompt is needed.");
        }

        CheckColumns(features);
        CheckGeometryTypes(features);
        var projected = ProjectWithinRoi(features, transform, roiInRasterCrs);
        var (ids, numericIds) = ReadIds(features);
        var labels = ReadLabels(features);
        var groups = GroupSorted(ids, numericIds);
        CheckOneBoxPerId(features, groups);
        return Build(groups, projected, labels, rasterEpsg, pixelTransform);
    }

    // Rule 1: the reference's "columns" are the union of all features' property names.
    private static void CheckColumns(FeatureCollection features)
    {
        bool hasId = false, hasLabel = false;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in features)
        {
            hasId |= PromptAttributes.Has(f, PromptAttributes.PromptId);
            hasLabel |= PromptAttributes.Has(f, PromptAttributes.Label);
            if (f.Attributes is { } a)
            {
                names.UnionWith(a.GetNames());
            }
        }

        if (!hasId || !hasLabel)
        {
            string missing = !hasId && !hasLabel ? "'prompt_id' and 'label'" : !hasId ? "'prompt_id'" : "'label'";
            string found = names.Count == 0 ? "none" : string.Join(", ", names.Select(n => $"'{n}'"));
            throw new PromptValidationException(PromptValidationRule.MissingProperty,
                $"Prompts must have properties 'prompt_id' and 'label' and a geometry; no feature has {missing}. Properties found: {found}.",
                value: found);
        }
    }

    // Rule 2.
    private static void CheckGeometryTypes(FeatureCollection features)
    {
        for (int i = 0; i < features.Count; i++)
        {
            var g = features[i].Geometry;
            if (g is not (Point or Polygon))
            {
                string type = g?.GeometryType ?? "null";
                throw new PromptValidationException(PromptValidationRule.UnsupportedGeometry,
                    $"Feature {i} (prompt_id {PromptAttributes.Describe(features[i], PromptAttributes.PromptId)}): geometry {type} is not a Point or a Polygon.",
                    i, PromptAttributes.Describe(features[i], PromptAttributes.PromptId), type);
            }
        }
    }

    // Rule 3: reproject, then "within" the ROI envelope as GEOS defines it (a point on the edge is outside).
    private static Geometry[] ProjectWithinRoi(FeatureCollection features, CrsTransform transform, Envelope roi)
    {
        var roiGeometry = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(Factory.ToGeometry(roi));
        var projected = new Geometry[features.Count];
        for (int i = 0; i < features.Count; i++)
        {
            var g = features[i].Geometry;
            string id = PromptAttributes.Describe(features[i], PromptAttributes.PromptId);
            if (g.IsEmpty)
            {
                throw new PromptValidationException(PromptValidationRule.EmptyGeometry,
                    $"Feature {i} (prompt_id {id}): the {g.GeometryType} has no coordinates.", i, id, g.AsText());
            }

            if (!AllFinite(g))
            {
                throw new PromptValidationException(PromptValidationRule.InvalidCoordinate,
                    $"Feature {i} (prompt_id {id}): {g.AsText()} has a NaN or infinite coordinate.", i, id, g.AsText());
            }

            if (transform.SourceEpsg == CrsRegistry.Wgs84 && g.Coordinates.Any(c => Math.Abs(c.Y) > 90))
            {
                throw new PromptValidationException(PromptValidationRule.InvalidCoordinate,
                    $"Feature {i} (prompt_id {id}): {g.AsText()} is not a WGS 84 longitude, latitude (a latitude is beyond 90 degrees); state the prompts' CRS if they are projected.",
                    i, id, g.AsText());
            }

            var p = transform.Transform(g);
            if (!AllFinite(p))
            {
                throw new PromptValidationException(PromptValidationRule.InvalidCoordinate,
                    $"Feature {i} (prompt_id {id}): {g.AsText()} in EPSG:{transform.SourceEpsg} has no finite position in EPSG:{transform.TargetEpsg}.",
                    i, id, g.AsText());
            }

            if (!IsWithin(p, roi, roiGeometry))
            {
                string where = p is Point pt ? Invariant($"({pt.X}, {pt.Y})") : Bounds(p.EnvelopeInternal);
                throw new PromptValidationException(PromptValidationRule.OutsideRoi,
                    $"Feature {i} (prompt_id {id}): {p.GeometryType} {where} in EPSG:{transform.TargetEpsg} is not within the ROI envelope {Bounds(roi)} " +
                    $"(a prompt on the envelope's edge counts as outside); in the prompts' EPSG:{transform.SourceEpsg} it is at {Where(g)}. " +
                    "Move the prompt inside the ROI or enlarge the ROI (--roi).", i, id, where);
            }

            projected[i] = p;
        }

        return projected;
    }

    // Rule 4, ids: all ids checked before any label, as the reference does.
    private static (string[] Keys, bool Numeric) ReadIds(FeatureCollection features)
    {
        var integers = new long?[features.Count];
        var texts = new string?[features.Count];
        bool anyText = false;
        for (int i = 0; i < features.Count; i++)
        {
            var (integer, text) = PromptAttributes.ReadId(features[i]);
            if (integer is null && text is null)
            {
                string raw = PromptAttributes.Describe(features[i], PromptAttributes.PromptId);
                throw new PromptValidationException(PromptValidationRule.InvalidPromptId,
                    $"Feature {i}: prompt_id {raw} is not an integer or a string.", i, raw, raw);
            }

            if (text is not null && !IsStorableText(text))
            {
                // The id names a mask band (GDAL metadata is XML 1.0): refuse it now, not after the whole scene is segmented.
                string raw = PromptAttributes.Describe(features[i], PromptAttributes.PromptId);
                throw new PromptValidationException(PromptValidationRule.InvalidPromptId,
                    $"Feature {i}: prompt_id {raw} holds a control character or unpaired surrogate, which a mask band name cannot store.", i, raw, raw);
            }

            integers[i] = integer;
            texts[i] = text;
            anyText |= text is not null;
        }

        // Integer ids sort numerically unless some id is text: then all ids are text, as GDAL reads a mixed column.
        var keys = new string[features.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = texts[i] ?? integers[i]!.Value.ToString(CultureInfo.InvariantCulture);
        }

        return (keys, !anyText);
    }

    // Rule 4, labels.
    private static int[] ReadLabels(FeatureCollection features)
    {
        var labels = new int[features.Count];
        for (int i = 0; i < features.Count; i++)
        {
            if (PromptAttributes.ReadLabel(features[i]) is not { } label)
            {
                string raw = PromptAttributes.Describe(features[i], PromptAttributes.Label);
                string id = PromptAttributes.Describe(features[i], PromptAttributes.PromptId);
                throw new PromptValidationException(PromptValidationRule.InvalidLabel,
                    $"Feature {i} (prompt_id {id}): label {raw} is not the integer 0 or 1.", i, id, raw);
            }

            labels[i] = label;
        }

        return labels;
    }

    /// <summary>Feature indexes grouped by id, groups in sorted id order, members in file order.</summary>
    private static List<(string Id, List<int> Members)> GroupSorted(string[] keys, bool numeric)
    {
        var byId = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++)
        {
            if (!byId.TryGetValue(keys[i], out var members))
            {
                byId[keys[i]] = members = [];
            }

            members.Add(i);
        }

        var ordered = numeric
            ? byId.OrderBy(kv => long.Parse(kv.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
            : byId.OrderBy(kv => kv.Key, PromptIdComparer.CodePoint);
        return ordered.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    // Rule 5, in sorted id order like the reference's groupby loop.
    private static void CheckOneBoxPerId(FeatureCollection features, List<(string Id, List<int> Members)> groups)
    {
        foreach (var (id, members) in groups)
        {
            var boxes = members.Where(i => features[i].Geometry is Polygon).ToList();
            if (boxes.Count > 1)
            {
                throw new PromptValidationException(PromptValidationRule.MultipleBoxes,
                    $"prompt_id '{id}' has {boxes.Count} boxes (features {string.Join(", ", boxes)}); at most one box per prompt_id is allowed.",
                    boxes[1], id, boxes.Count.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static PromptSet Build(List<(string Id, List<int> Members)> groups, Geometry[] projected, int[] labels, int rasterEpsg, GeoTransform pixels)
    {
        var result = new List<PromptGroup>(groups.Count);
        foreach (var (id, members) in groups)
        {
            var points = new List<PromptPoint>();
            PromptBox? box = null;
            int pointsBeforeBox = 0;
            foreach (int i in members)
            {
                if (projected[i] is Point p)
                {
                    var (col, row) = pixels.MapToPixel(p.X, p.Y);
                    points.Add(new PromptPoint(col, row, labels[i]));
                }
                else
                {
                    // The reference transforms the bounds' two corners and sorts each axis.
                    var e = projected[i].EnvelopeInternal;
                    var (c0, r0) = pixels.MapToPixel(e.MinX, e.MinY);
                    var (c1, r1) = pixels.MapToPixel(e.MaxX, e.MaxY);
                    box = new PromptBox(Math.Min(c0, c1), Math.Min(r0, r1), Math.Max(c0, c1), Math.Max(r0, r1));
                    pointsBeforeBox = points.Count;
                }
            }

            if (box is { } b && points.Any(p => p.Label == 1))
            {
                // Grown to cover every foreground point; the reference then puts the box first.
                var fg = points.Where(p => p.Label == 1).ToList();
                box = new PromptBox(Math.Min(b.XMin, fg.Min(p => p.X)), Math.Min(b.YMin, fg.Min(p => p.Y)),
                    Math.Max(b.XMax, fg.Max(p => p.X)), Math.Max(b.YMax, fg.Max(p => p.Y)));
                pointsBeforeBox = 0;
            }

            result.Add(new PromptGroup(result.Count, id, points, box, box is null ? points.Count : pointsBeforeBox));
        }

        return new PromptSet(result, rasterEpsg, pixels);
    }

    private static string Where(Geometry g) => g is Point pt ? Invariant($"({pt.X}, {pt.Y})") : Bounds(g.EnvelopeInternal);

    // Envelopes first, so a prompt of a million vertices costs one pass: strictly inside the rectangle is within, reaching
    // beyond it is not; only a prompt touching its edge needs the full predicate (a prepared rectangle: linear too).
    private static bool IsWithin(Geometry prompt, Envelope roi, NetTopologySuite.Geometries.Prepared.IPreparedGeometry roiGeometry)
    {
        var e = prompt.EnvelopeInternal;
        if (e.MinX > roi.MinX && e.MaxX < roi.MaxX && e.MinY > roi.MinY && e.MaxY < roi.MaxY)
        {
            return true;
        }

        if (!roi.Covers(e))
        {
            return false;
        }

        try
        {
            return roiGeometry.Contains(prompt);
        }
        catch (TopologyException)
        {
            // An invalid (self-crossing) polygon that GEOS cannot relate: not provably within.
            return false;
        }
    }

    private static bool IsStorableText(string text)
    {
        for (int k = 0; k < text.Length; k++)
        {
            char ch = text[k];
            if (char.IsControl(ch) && ch is not ('\t' or '\n' or '\r'))
            {
                return false;
            }

            if (char.IsSurrogate(ch))
            {
                if (!char.IsHighSurrogate(ch) || k + 1 >= text.Length || !char.IsLowSurrogate(text[k + 1]))
                {
                    return false;
                }

                k++;
            }
        }

        return true;
    }

    private static bool AllFinite(Geometry g)
    {
        foreach (var c in g.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
            {
                return false;
            }
        }

        return true;
    }

    private static string Bounds(Envelope e) => Invariant($"({e.MinX}, {e.MinY}, {e.MaxX}, {e.MaxY})");

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);
}
