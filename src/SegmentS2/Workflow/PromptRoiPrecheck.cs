using System.Globalization;
using NetTopologySuite.Geometries;
using SegmentS2.Projection;
using SegmentS2.Prompts;
using SegmentS2.Raster;

namespace SegmentS2.Workflow;

/// <summary>
/// Checks the prompts against the ROI before any scene is searched, in the prompts' own CRS: every reference rule runs
/// (in the reference's order), and a prompt clearly outside the ROI fails at once with a message in the prompts' own
/// coordinates. The reference's strict rule (within the ROI envelope in the raster's CRS) still runs once the scene is
/// open; this check leaves a margin of <see cref="Margin"/> of the ROI's size so that it never refuses a prompt the strict
/// rule accepts (the raster's UTM grid is turned against the prompts' axes by a few degrees).
/// </summary>
internal static class PromptRoiPrecheck
{
    /// <summary>Fraction of the ROI envelope's larger side added on every side before a prompt counts as clearly outside.</summary>
    public const double Margin = 0.1;

    private const int EdgeSamples = 16;

    public static void Check(IPromptEncoder encoder, PromptCollection prompts, Geometry roi, int? promptsEpsg)
    {
        int epsg = promptsEpsg ?? prompts.DeclaredEpsg ?? CrsRegistry.Wgs84;
        Envelope bounds;
        try
        {
            bounds = epsg == CrsRegistry.Wgs84
                ? roi.EnvelopeInternal
                : CrsTransform.Create(CrsRegistry.Wgs84, epsg).Transform(Densify(roi)).EnvelopeInternal;
        }
        catch (UnsupportedCrsException)
        {
            // The scene-time preparation reports an unsupported prompt CRS with its own message.
            return;
        }

        if (bounds.IsNull || !double.IsFinite(bounds.Width) || !double.IsFinite(bounds.Height))
        {
            return;
        }

        var tolerant = new Envelope(bounds);
        tolerant.ExpandBy(Margin * Math.Max(bounds.Width, bounds.Height));
        try
        {
            // Pixels of the identity transform: only the validation matters here.
            encoder.Prepare(prompts, epsg, new GeoTransform(0, 1, 0, 0, 0, 1), tolerant, epsg);
        }
        catch (PromptValidationException e) when (e.Rule == PromptValidationRule.OutsideRoi && e.FeatureIndex is int i)
        {
            throw new PromptValidationException(PromptValidationRule.OutsideRoi,
                $"Prompt feature {i} (prompt_id {e.PromptId}) at {e.Value} in EPSG:{epsg} (the prompts' CRS) lies outside the ROI, whose bounds in EPSG:{epsg} are " +
                $"{Format(bounds)}. Move the prompt inside the ROI or enlarge the ROI (--roi); this was checked before any scene was searched.",
                i, e.PromptId, e.Value);
        }
    }

    // Edge points of the ROI, so that a projected ROI's bounds follow its curved edges.
    private static Geometry Densify(Geometry roi)
    {
        var env = roi.EnvelopeInternal;
        double step = Math.Max(env.Width, env.Height) / EdgeSamples;
        return step > 0 ? NetTopologySuite.Densify.Densifier.Densify(roi, step) : roi;
    }

    private static string Format(Envelope e) => string.Create(CultureInfo.InvariantCulture,
        $"x {e.MinX:0.######} to {e.MaxX:0.######}, y {e.MinY:0.######} to {e.MaxY:0.######}");
}
