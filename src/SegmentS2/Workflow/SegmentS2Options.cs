using SegmentS2.Sam;
using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.EarthSearch;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.LocalFiles;
using SegmentS2.Sentinel2.PlanetaryComputer;
using SegmentS2.Sentinel2.Scenes;

namespace SegmentS2.Workflow;

/// <summary>
/// Settings of the workflow. Defaults are the reference workflow's (vit_b, overlap 0.5, bands R, G, B,
/// scaling 1e-4, offset 0, 64 points per batch) plus SegmentS2's own (BOA offset on, all scenes, all outputs).
/// </summary>
public sealed class SegmentS2Options
{
    /// <summary>
    /// Model type: vit_b, vit_l, vit_h or mobile_sam (<see cref="SegmentS2.Sam.Loading.SamModelFiles.ModelTypes"/>). Used to find
    /// the encoder and decoder in <see cref="ModelDirectory"/> under the names the documented exports write: <c>{type}_encoder.onnx</c>,
    /// <c>{type}.encoder.onnx</c>, <c>sam_{type}_encoder.onnx</c> (or the demo model's <c>sam-contract-demo.encoder.onnx</c>), each
    /// with its matching decoder. Null (the default): the folder's one pair of any of these types.
    /// </summary>
    public string? ModelType { get; set; }

    /// <summary>Folder holding one exported SAM encoder/decoder pair (see <see cref="ModelType"/> and docs/models.md).</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Explicit encoder ONNX path (overrides <see cref="ModelType"/>).</summary>
    public string? EncoderPath { get; set; }

    /// <summary>Explicit decoder ONNX path (overrides <see cref="ModelType"/>).</summary>
    public string? DecoderPath { get; set; }

    /// <summary>Chip overlap fraction, in [0, 1).</summary>
    public double SpatialOverlap { get; set; } = 0.5;

    /// <summary>Chip size in pixels (SAM's input size).</summary>
    public int ChipSize { get; set; } = 1024;

    /// <summary>The three bands fed to SAM as R, G, B (Sentinel-2 ids or aliases R, G, B, N); one band is replicated.</summary>
    public IReadOnlyList<string> BandNames { get; set; } = ["R", "G", "B"];

    /// <summary>Multiplier applied to DNs before clipping to [0, 1] (reference: 1e-4).</summary>
    public double BandScaling { get; set; } = 1e-4;

    /// <summary>Offset added after scaling (reference: 0).</summary>
    public double BandOffset { get; set; }

    /// <summary>Prompt elements per decoder run (reference: 64).</summary>
    public int PointsPerBatch { get; set; } = 64;

    /// <summary>Apply the BOA offset of processing baseline 04.00+ scenes; false reproduces the reference.</summary>
    public bool ApplyBoaOffset { get; set; } = true;

    /// <summary>Which scenes to segment.</summary>
    public S2ScenePolicy ScenePolicy { get; set; } = S2ScenePolicy.All;

    /// <summary>Skip scenes whose ROI cloud fraction (from SCL, 0..1) exceeds this; null keeps all.</summary>
    public double? MaxCloudFraction { get; set; }

    /// <summary>Resampling of 20 m and 60 m bands.</summary>
    public S2Resampling Resampling { get; set; } = S2Resampling.Nearest;

    /// <summary>Folder for outputs when the request names none.</summary>
    public string OutputDirectory { get; set; } = "out";

    /// <summary>
    /// Bands of the <c>s2_raster</c> output: null (the default) stacks every spectral band the scene has (B01..B12 with B8A,
    /// no SCL) at the grid's 10 m, as the reference's <c>preprocess_s2</c> does; or a list of band ids or aliases
    /// (<see cref="BandNames"/> gives the three segmentation bands only, fetching nothing more than the chips need).
    /// The mask and the quick-look do not depend on it.
    /// </summary>
    public IReadOnlyList<string>? S2RasterBands { get; set; }

    /// <summary>
    /// Write the mask, <c>s2_raster</c>, polygons and quick-look over the ROI's own window (every pixel its envelope touches)
    /// rather than the window grown to at least one chip. The chips and the segmentation are the same either way.
    /// </summary>
    public bool ClipToRoi { get; set; }

    /// <summary>Which files to write.</summary>
    public SegmentS2Outputs Outputs { get; set; } = SegmentS2Outputs.All;

    /// <summary>Write polygons in EPSG:4326 (true) or in the raster CRS (false).</summary>
    public bool PolygonsInWgs84 { get; set; } = true;

    /// <summary>Douglas-Peucker tolerance for polygons, in raster CRS units (metres); 0 keeps pixel edges.</summary>
    public double PolygonSimplifyTolerance { get; set; }

    /// <summary>Skip chips whose pixels are all nodata.</summary>
    public bool SkipNodataChips { get; set; } = true;

    /// <summary>
    /// Whether a run's (or batch's) last encoded chip asks the SAM session to give the encoder's working memory back
    /// (<see cref="SegmentS2.Sam.SamEncoderInput.ReleaseMemoryAfterEncode"/>): about 2 GB for vit_b that ONNX Runtime's arena
    /// would otherwise hold under the writing and until the session is disposed. Default false, ONNX Runtime's own
    /// behaviour: runs back to back on one session reuse the warm arena (a one-field vit_b run takes 5.9 s warm against
    /// 8.3-10 s when every run regrows it, on 2 vCPUs). Set true when a run is the last for a while, as the
    /// <c>segment-s2</c> tool does: its peak is then the encoder's own (94 MB above ONNX Runtime alone, 314 MB without).
    /// Automatic segmentation also asks the decoder, after the last chip's batches of 1024 x 1024 masks.
    /// </summary>
    public bool ReleaseEncoderMemoryAfterRun { get; set; }

    /// <summary>Where scenes come from when registered with <c>AddSegmentS2</c>.</summary>
    public S2SourceKind Source { get; set; } = S2SourceKind.PlanetaryComputer;

    /// <summary>Planetary Computer settings (API URL, subscription key, blob host).</summary>
    public PlanetaryComputerOptions PlanetaryComputer { get; set; } = new();

    /// <summary>Earth Search settings.</summary>
    public EarthSearchOptions EarthSearch { get; set; } = new();

    /// <summary>Local files settings (folders, files or STAC item JSON).</summary>
    public LocalFilesOptions LocalFiles { get; set; } = new();

    /// <summary>ONNX Runtime session settings (threads, execution provider, embedding cache).</summary>
    public SamSessionOptions Sam { get; set; } = new();

    /// <summary>Retry and timeout policy of the remote sources' HTTP clients (configuration section <c>Http</c>).</summary>
    public S2HttpResilienceOptions Http { get; set; } = new();

    /// <summary>
    /// Checks every setting of this object and throws <see cref="InvalidOptionException"/> naming the first one out of range.
    /// Hosts registering with <c>AddSegmentS2</c> see every bad setting at once instead, the nested source, SAM and HTTP
    /// options included, in one <c>OptionsValidationException</c>.
    /// </summary>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw problem;
        }
    }

    /// <summary>Every setting of this object out of range, in declaration order (nested options not included).</summary>
    internal IEnumerable<InvalidOptionException> Problems()
    {
        if (ModelType is not null && !SegmentS2.Sam.Loading.SamModelFiles.ModelTypes.Contains(ModelType))
        {
            yield return new InvalidOptionException(nameof(ModelType), ModelType, $"one of {string.Join(", ", SegmentS2.Sam.Loading.SamModelFiles.ModelTypes)}, or null (the model folder's one pair)");
        }

        if (EncoderPath is null != DecoderPath is null)
        {
            yield return new InvalidOptionException(EncoderPath is null ? nameof(EncoderPath) : nameof(DecoderPath), null, "set together with the other model path");
        }

        if (!(SpatialOverlap >= 0 && SpatialOverlap < 1))
        {
            yield return new InvalidOptionException(nameof(SpatialOverlap), SpatialOverlap, "in [0, 1)");
        }

        if (ChipSize is < 16 or > 8192)
        {
            yield return new InvalidOptionException(nameof(ChipSize), ChipSize, "between 16 and 8192");
        }

        if (BandNames is null || BandNames.Count is not (1 or 3))
        {
            yield return new InvalidOptionException(nameof(BandNames), BandNames is null ? null : string.Join(",", BandNames), "1 or 3 band names");
        }

        if (S2RasterBands is not null && (S2RasterBands.Count == 0 || S2RasterBands.Any(b => !Sentinel2.Bands.S2Bands.TryResolve(b, out _))))
        {
            yield return new InvalidOptionException(nameof(S2RasterBands), string.Join(",", S2RasterBands),
                $"null (every spectral band) or a non-empty list of Sentinel-2 bands ({Sentinel2.Bands.S2Bands.ValidNamesText})");
        }

        if (!double.IsFinite(BandScaling) || BandScaling <= 0)
        {
            yield return new InvalidOptionException(nameof(BandScaling), BandScaling, "a positive finite number");
        }

        if (!double.IsFinite(BandOffset))
        {
            yield return new InvalidOptionException(nameof(BandOffset), BandOffset, "a finite number");
        }

        if (PointsPerBatch < 1)
        {
            yield return new InvalidOptionException(nameof(PointsPerBatch), PointsPerBatch, "at least 1");
        }

        if (MaxCloudFraction is { } cloud && !(cloud >= 0 && cloud <= 1))
        {
            yield return new InvalidOptionException(nameof(MaxCloudFraction), cloud, "in [0, 1]");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            yield return new InvalidOptionException(nameof(OutputDirectory), OutputDirectory, "a folder path");
        }

        if (!double.IsFinite(PolygonSimplifyTolerance) || PolygonSimplifyTolerance < 0)
        {
            yield return new InvalidOptionException(nameof(PolygonSimplifyTolerance), PolygonSimplifyTolerance, "zero or a positive number");
        }
    }

    /// <summary>The encoder and decoder files these options point to.</summary>
    /// <exception cref="InvalidOptionException">Neither the model paths nor <see cref="ModelDirectory"/> are set.</exception>
    /// <exception cref="SamModelDirectoryException"><see cref="ModelDirectory"/> holds no encoder/decoder pair under an accepted name, or several.</exception>
    public (string Encoder, string Decoder) ResolveModelPaths()
    {
        if (EncoderPath is not null && DecoderPath is not null)
        {
            return (EncoderPath, DecoderPath);
        }

        if (ModelDirectory is null)
        {
            throw new InvalidOptionException(nameof(ModelDirectory), null,
                "set, or EncoderPath and DecoderPath set: SAM weights are not bundled; export them as docs/models.md shows");
        }

        return ModelType is null ? SegmentS2.Sam.Loading.SamModelFiles.Find(ModelDirectory) : SegmentS2.Sam.Loading.SamModelFiles.Find(ModelDirectory, ModelType);
    }
}
