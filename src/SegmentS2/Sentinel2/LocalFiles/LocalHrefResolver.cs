using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Sentinel2.LocalFiles;

/// <summary>
/// Resolves a STAC item's asset hrefs to local files: relative hrefs against the JSON's folder,
/// <c>file://</c> URIs and absolute paths as they are. A remote href (http, https, s3) is replaced
/// by a file beside the JSON named like the href's file name (<c>B04.tif</c>), or like the band id
/// or the asset key (<c>B04.tif</c>, <c>red.tif</c>), when one exists; otherwise it stays remote
/// and opening it fails with a message saying so.
/// </summary>
internal static class LocalHrefResolver
{
    private static readonly string[] Extensions = [".tif", ".tiff", ".TIF", ".TIFF"];

    public static S2Asset Resolve(S2Asset asset, string itemFolder)
    {
        string href = asset.Href;
        if (Uri.TryCreate(href, UriKind.Absolute, out var uri) && !IsWindowsDrivePath(href))
        {
            if (uri.IsFile)
            {
                return asset with { Href = uri.LocalPath };
            }

            foreach (var candidate in Candidates(asset, uri))
            {
                var path = Path.Combine(itemFolder, candidate);
                if (File.Exists(path))
                {
                    return asset with { Href = Path.GetFullPath(path) };
                }
            }

            return asset;
        }

        return asset with { Href = Path.GetFullPath(Path.IsPathRooted(href) ? href : Path.Combine(itemFolder, Uri.UnescapeDataString(href))) };
    }

    /// <summary>True when an href names a file on disk rather than a remote resource.</summary>
    public static bool IsLocal(string href) =>
        !Uri.TryCreate(href, UriKind.Absolute, out var uri) || uri.IsFile || IsWindowsDrivePath(href);

    private static IEnumerable<string> Candidates(S2Asset asset, Uri uri)
    {
        var fileName = Path.GetFileName(Uri.UnescapeDataString(uri.AbsolutePath));
        if (!string.IsNullOrEmpty(fileName))
        {
            yield return fileName;
        }

        foreach (var stem in new[] { asset.BandId, asset.Key }.OfType<string>())
        {
            foreach (var extension in Extensions)
            {
                yield return stem + extension;
            }
        }
    }

    private static bool IsWindowsDrivePath(string href) => href.Length >= 3 && char.IsLetter(href[0]) && href[1] == ':' && (href[2] == '\\' || href[2] == '/');

    /// <summary>The band id a GeoTIFF's file name names (<c>B04.tif</c>, <c>T31UDQ_..._B8A_20m.tif</c>, <c>red.tif</c>), or null.</summary>
    public static string? BandFromFileName(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var tokens = stem.Split(['_', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        for (int i = tokens.Length - 1; i >= 0; i--)
        {
            if (tokens[i].Length > 1 && S2Bands.TryResolve(tokens[i], out var id))
            {
                return id;
            }
        }

        return null;
    }
}
