namespace SegmentS2.Sentinel2.LocalFiles;

/// <summary>
/// Settings of the local-files source: which folders and files hold the scene(s), and the metadata
/// that GeoTIFFs alone do not carry.
/// </summary>
public sealed class LocalFilesOptions : S2SourceOptions
{
    /// <summary>
    /// Folders and files to read. A folder holding STAC item JSON files gives those items; a folder
    /// without JSON gives one item of its GeoTIFFs named by band (<c>B04.tif</c>,
    /// <c>T31UDQ_..._B04_10m.tif</c>, <c>red.tif</c>...). A <c>.json</c> file is a STAC item, an
    /// ItemCollection or a FeatureCollection. GeoTIFF files listed directly form one item together.
    /// </summary>
    public IList<string> Paths { get; set; } = [];

    /// <summary>Acquisition time of items built from GeoTIFFs (no STAC metadata). Null: they match any time range.</summary>
    public DateTimeOffset? AcquisitionTime { get; set; }

    /// <summary>Processing baseline of items built from GeoTIFFs (for example <c>05.09</c>); decides the BOA offset. Null: none assumed.</summary>
    public string? ProcessingBaseline { get; set; }

    /// <inheritdoc />
    internal override IEnumerable<InvalidOptionException> Problems()
    {
        foreach (var problem in base.Problems())
        {
            yield return problem;
        }

        if (Paths is null || Paths.Count == 0)
        {
            yield return new InvalidOptionException(nameof(Paths), Paths is null ? null : "(empty)",
                "a list of at least one folder, GeoTIFF file or STAC item JSON file");
        }
        else if (Paths.Any(string.IsNullOrWhiteSpace))
        {
            yield return new InvalidOptionException(nameof(Paths), string.Join(",", Paths), "a list without empty entries");
        }
    }
}
