namespace SegmentS2.Sentinel2;

/// <summary>A band of an opened scene and how its DNs become reflectance: reflectance = DN * Scale + Offset.</summary>
/// <param name="Name">Sentinel-2 band id (B04...).</param>
/// <param name="Scale">Reflectance per DN (1e-4 for L2A).</param>
/// <param name="Offset">Reflectance offset: -0.1 for processing baseline 04.00+ with the BOA offset on, 0 otherwise.</param>
public sealed record S2BandInfo(string Name, double Scale, double Offset);
