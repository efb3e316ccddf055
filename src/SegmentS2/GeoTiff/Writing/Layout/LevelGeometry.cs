namespace SegmentS2.GeoTiff.Writing.Layout;

/// <summary>Size and tile grid of one resolution level (the full image or an overview).</summary>
internal sealed record LevelGeometry(int Width, int Height, int TileSize, int BandCount)
{
    public int TilesAcross => (int)(((long)Width + TileSize - 1) / TileSize);

    public int TilesDown => (int)(((long)Height + TileSize - 1) / TileSize);

    public int TilesPerBand => TilesAcross * TilesDown;

    /// <summary>Entries of TileOffsets / TileByteCounts: PlanarConfiguration 2 stores band 0's tiles first, then band 1's, ...</summary>
    public int TileCount => TilesPerBand * BandCount;

    /// <summary>Index of a tile in TileOffsets.</summary>
    public int TileIndex(int band, int tileRow, int tileCol) => band * TilesPerBand + tileRow * TilesAcross + tileCol;

    /// <summary>The level below this one: half the size, rounded up.</summary>
    public LevelGeometry Half() => this with { Width = (Width + 1) / 2, Height = (Height + 1) / 2 };

    /// <summary>
    /// The levels to write: this one, then <paramref name="overviewCount"/> halvings, or (null) as
    /// many as GDAL's COG driver makes: halve until both dimensions fit in one tile.
    /// </summary>
    public IReadOnlyList<LevelGeometry> WithOverviews(int? overviewCount)
    {
        var levels = new List<LevelGeometry> { this };
        var level = this;
        while (overviewCount is { } n ? levels.Count <= n : level.Width > TileSize || level.Height > TileSize)
        {
            if (level.Width == 1 && level.Height == 1)
            {
                break;
            }

            level = level.Half();
            levels.Add(level);
        }

        return levels;
    }
}
