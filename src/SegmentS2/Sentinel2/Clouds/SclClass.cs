namespace SegmentS2.Sentinel2.Clouds;

/// <summary>Scene classification (SCL) classes of Sentinel-2 Level-2A products (Sen2Cor).</summary>
public enum SclClass : byte
{
    /// <summary>No data.</summary>
    NoData = 0,
    /// <summary>Saturated or defective pixel.</summary>
    SaturatedOrDefective = 1,
    /// <summary>Dark area pixels (topographic cast shadows in newer baselines).</summary>
    DarkArea = 2,
    /// <summary>Cloud shadows.</summary>
    CloudShadow = 3,
    /// <summary>Vegetation.</summary>
    Vegetation = 4,
    /// <summary>Not vegetated.</summary>
    NotVegetated = 5,
    /// <summary>Water.</summary>
    Water = 6,
    /// <summary>Unclassified.</summary>
    Unclassified = 7,
    /// <summary>Cloud, medium probability.</summary>
    CloudMediumProbability = 8,
    /// <summary>Cloud, high probability.</summary>
    CloudHighProbability = 9,
    /// <summary>Thin cirrus.</summary>
    ThinCirrus = 10,
    /// <summary>Snow or ice.</summary>
    SnowIce = 11,
}
