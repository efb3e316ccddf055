using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SegmentS2.Sentinel2.Http;
using SegmentS2.Sentinel2.Reading;
using SegmentS2.Sentinel2.Stac;

namespace SegmentS2.Sentinel2.EarthSearch;

/// <summary>
/// Sentinel-2 L2A from Element84 Earth Search v1: STAC search of <c>sentinel-2-l2a</c>, unsigned
/// COGs on AWS keyed red, green, blue, nir, scl... (mapped to band ids through the key and
/// <c>eo:bands</c>), with <c>raster:bands</c> scale/offset and <c>earthsearch:boa_offset_applied</c>
/// deciding the reflectance scaling (see <see cref="Bands.S2Reflectance"/>).
/// </summary>
public sealed class EarthSearchSource : IS2Source
{
    private readonly HttpClient _http;
    private readonly EarthSearchOptions _options;
    private readonly StacSearchClient _stac;
    private readonly ILogger _logger;

    /// <summary>Creates the source.</summary>
    /// <param name="httpClient">Client for search and COG reads; give it SegmentS2's resilience (<see cref="S2HttpResilience"/>).</param>
    /// <param name="options">API URL and limits.</param>
    /// <param name="logger">Logger.</param>
    public EarthSearchSource(HttpClient httpClient, EarthSearchOptions options, ILogger<EarthSearchSource>? logger = null)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _stac = new StacSearchClient(httpClient, options.Stac);
    }

    /// <inheritdoc />
    public string Name => "earth-search";

    /// <inheritdoc />
    public Task<IReadOnlyList<S2Scene>> SearchAsync(S2SearchRequest request, CancellationToken cancellationToken = default) =>
        StacSceneSearch.SearchAsync(_stac, _options.SearchUrl, _options.Collection, _options.SortField, request, Name, _logger, cancellationToken);

    /// <inheritdoc />
    public Task<IS2SceneRaster> OpenAsync(S2Scene scene, S2ReadRequest request, CancellationToken cancellationToken = default) =>
        S2SceneOpener.OpenAsync(scene, request, new HttpAssetOpener(_http, _options.RangeRequests, _logger), _options, _logger, cancellationToken);
}
