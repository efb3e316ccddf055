namespace SegmentS2.Testing.Demo;

/// <summary>One field parcel of the demo scene, in scene pixel coordinates.</summary>
/// <param name="Id">Parcel number.</param>
/// <param name="Col">Left column.</param>
/// <param name="Row">Top row.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Crop">Land cover name.</param>
public sealed record DemoParcel(int Id, int Col, int Row, int Width, int Height, string Crop)
{
    /// <summary>Centre column.</summary>
    public double CentreCol => Col + Width / 2.0;

    /// <summary>Centre row.</summary>
    public double CentreRow => Row + Height / 2.0;
}
