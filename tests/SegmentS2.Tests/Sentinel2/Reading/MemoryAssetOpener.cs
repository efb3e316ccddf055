using SegmentS2.Sentinel2;
using SegmentS2.Sentinel2.Reading;

namespace SegmentS2.Tests.Sentinel2.Reading;

/// <summary>Opens assets from a dictionary of in-memory files keyed by href.</summary>
internal sealed class MemoryAssetOpener(IReadOnlyDictionary<string, MemoryBandFile> files) : IS2AssetOpener
{
    public List<string> Opened { get; } = [];

    public Task<IS2BandFile> OpenAsync(S2Item item, S2Asset asset, CancellationToken cancellationToken)
    {
        lock (Opened)
        {
            Opened.Add(asset.Href);
        }

        return Task.FromResult<IS2BandFile>(files[asset.Href]);
    }
}
