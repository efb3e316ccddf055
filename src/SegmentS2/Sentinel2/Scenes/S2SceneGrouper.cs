using System.Globalization;
using SegmentS2.Sentinel2.Bands;

namespace SegmentS2.Sentinel2.Scenes;

/// <summary>
/// Groups items (one per MGRS tile) into scenes: one acquisition is one UTC date, one platform and
/// one relative orbit. Within a scene a tile appears once: when a catalogue lists a tile twice
/// (reprocessed products), the higher processing baseline, then the later id, wins.
/// </summary>
internal static class S2SceneGrouper
{
    /// <summary>Groups items into scenes, oldest first; items within a scene are ordered by id.</summary>
    public static IReadOnlyList<S2Scene> Group(IEnumerable<S2Item> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items
            .GroupBy(i => (Date: DateOnly.FromDateTime(i.DateTime.UtcDateTime), Platform: i.Platform ?? string.Empty, i.RelativeOrbit))
            .Select(g => ToScene(Deduplicate(g)))
            .OrderBy(s => s.DateTime)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The short platform name used in scene ids: <c>sentinel-2a</c> -> <c>S2A</c>.</summary>
    public static string ShortPlatform(string? platform)
    {
        if (string.IsNullOrWhiteSpace(platform))
        {
            return "S2";
        }

        var p = platform.Trim();
        return p.Length > 0 && char.IsLetter(p[^1]) && p.Contains("2", StringComparison.Ordinal)
            ? "S2" + char.ToUpperInvariant(p[^1])
            : p.ToUpperInvariant();
    }

    private static List<S2Item> Deduplicate(IEnumerable<S2Item> items)
    {
        var kept = new List<S2Item>();
        foreach (var byTile in items.GroupBy(i => i.MgrsTile ?? i.Id, StringComparer.Ordinal))
        {
            kept.Add(byTile
                .OrderBy(i => S2Reflectance.TryParseBaseline(i.ProcessingBaseline, out double b) ? b : -1)
                .ThenBy(i => i.Id, StringComparer.Ordinal)
                .Last());
        }

        kept.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return kept;
    }

    private static S2Scene ToScene(List<S2Item> items)
    {
        var first = items[0];
        var time = items.Min(i => i.DateTime);
        string id = items.Count == 1
            ? first.Id
            : string.Create(CultureInfo.InvariantCulture,
                $"{ShortPlatform(first.Platform)}_{time.UtcDateTime:yyyyMMdd}{(first.RelativeOrbit is int orbit ? $"_R{orbit:000}" : "")}");
        return new S2Scene(id, time, items);
    }
}
