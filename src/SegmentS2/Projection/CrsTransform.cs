using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems.Transformations;

namespace SegmentS2.Projection;

/// <summary>
/// Transforms coordinates between two EPSG systems with ProjNET. Geographic coordinates are
/// (longitude, latitude): X is longitude. Instances are thread-safe.
/// </summary>
public sealed class CrsTransform
{
    private readonly MathTransform? _math;
    private readonly Lock _gate = new();

    private CrsTransform(int sourceEpsg, int targetEpsg, MathTransform? math)
    {
        SourceEpsg = sourceEpsg;
        TargetEpsg = targetEpsg;
        _math = math;
    }

    /// <summary>EPSG code of the input coordinates.</summary>
    public int SourceEpsg { get; }

    /// <summary>EPSG code of the output coordinates.</summary>
    public int TargetEpsg { get; }

    /// <summary>True when source and target are the same system.</summary>
    public bool IsIdentity => _math is null;

    /// <summary>Creates a transform from <paramref name="sourceEpsg"/> to <paramref name="targetEpsg"/>.</summary>
    /// <exception cref="UnsupportedCrsException">Either code is not supported.</exception>
    public static CrsTransform Create(int sourceEpsg, int targetEpsg)
    {
        var source = CrsRegistry.Get(sourceEpsg);
        var target = CrsRegistry.Get(targetEpsg);
        if (sourceEpsg == targetEpsg)
        {
            return new CrsTransform(sourceEpsg, targetEpsg, null);
        }

        var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(source, target);
        return new CrsTransform(sourceEpsg, targetEpsg, transform.MathTransform);
    }

    /// <summary>Transforms one coordinate.</summary>
    public (double X, double Y) Transform(double x, double y)
    {
        if (_math is null)
        {
            return (x, y);
        }

        lock (_gate)
        {
            return _math.Transform(x, y);
        }
    }

    /// <summary>Returns a transformed copy of a geometry.</summary>
    public Geometry Transform(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var copy = geometry.Copy();
        TransformInPlace(copy);
        return copy;
    }

    /// <summary>Transforms the coordinates of a geometry the caller owns, without copying it.</summary>
    internal void TransformInPlace(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (_math is null)
        {
            return;
        }

        geometry.Apply(new TransformFilter(this));
        geometry.GeometryChanged();
    }

    // A whole coordinate sequence per call: one lock for a ring of thousands of vertices, not one per vertex.
    private sealed class TransformFilter(CrsTransform owner) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            lock (owner._gate)
            {
                for (int i = 0; i < seq.Count; i++)
                {
                    var (x, y) = owner._math!.Transform(seq.GetX(i), seq.GetY(i));
                    seq.SetX(i, x);
                    seq.SetY(i, y);
                }
            }
        }
    }
}
