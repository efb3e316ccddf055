using NetTopologySuite.Geometries;
using SegmentS2.Raster;

namespace SegmentS2.Output;

/// <summary>
/// Vectorises a binary mask into polygons along pixel edges (4-connected, like GDAL's polygonize):
/// every foreground region becomes one polygon, its background holes kept as interior rings.
/// </summary>
public static class MaskPolygonizer
{
    /// <summary>
    /// Traces the foreground (non-zero) regions of a mask.
    /// </summary>
    /// <param name="mask">Row-major mask, <paramref name="width"/> x <paramref name="height"/>; non-zero is foreground.</param>
    /// <param name="width">Mask width in pixels.</param>
    /// <param name="height">Mask height in pixels.</param>
    /// <param name="transform">Geotransform of the mask; polygon coordinates are in its CRS.</param>
    /// <param name="factory">Geometry factory (its SRID is kept); null for a default one.</param>
    /// <returns>One polygon per 4-connected foreground region, largest first.</returns>
    public static IReadOnlyList<Polygon> Polygonize(ReadOnlySpan<byte> mask, int width, int height, GeoTransform transform, GeometryFactory? factory = null)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A mask of {width} x {height} pixels has no area.");
        }

        if (mask.Length < (long)width * height)
        {
            throw new ArgumentException($"The mask holds {mask.Length} values, fewer than {width} x {height}.", nameof(mask));
        }

        factory ??= new GeometryFactory();
        var rings = TraceRings(mask, width, height);
        var shells = new List<(LinearRing Ring, Polygon Probe, List<LinearRing> Holes)>();
        var holes = new List<LinearRing>();
        foreach (var ring in rings)
        {
            var coords = ring.Vertices.Select(v => ToMap(transform, v)).ToArray();
            var linear = factory.CreateLinearRing(coords);
            if (ring.SignedArea > 0)
            {
                shells.Add((linear, factory.CreatePolygon(linear), new List<LinearRing>()));
            }
            else
            {
                holes.Add(linear);
            }
        }

        // Each hole belongs to the smallest shell that contains it; shells do not overlap.
        shells.Sort((a, b) => a.Probe.Area.CompareTo(b.Probe.Area));
        foreach (var hole in holes)
        {
            var interior = factory.CreatePolygon(hole).InteriorPoint;
            foreach (var shell in shells)
            {
                if (shell.Probe.EnvelopeInternal.Contains(hole.EnvelopeInternal) && shell.Probe.Covers(interior))
                {
                    shell.Holes.Add(hole);
                    break;
                }
            }

        }

        return shells
            .Select(s => factory.CreatePolygon(s.Ring, s.Holes.ToArray()))
            .OrderByDescending(p => p.Area)
            .ToArray();
    }

    private static Coordinate ToMap(GeoTransform transform, (int X, int Y) vertex)
    {
        var (x, y) = transform.PixelToMap(vertex.X, vertex.Y);
        return new Coordinate(x, y);
    }

    private readonly record struct Ring(List<(int X, int Y)> Vertices, long SignedArea);

    // Directed edges run clockwise around foreground (image coordinates, y down), so outer rings
    // have positive shoelace area and holes negative. At a vertex where two foreground pixels meet
    // diagonally the walk turns right, which keeps diagonal neighbours in separate polygons.
    private static List<Ring> TraceRings(ReadOnlySpan<byte> mask, int width, int height)
    {
        var outgoing = new Dictionary<long, List<int>>();
        var edges = new List<(int X0, int Y0, int X1, int Y1)>();
        long Key(int x, int y) => ((long)y << 32) | (uint)x;
        void Add(int x0, int y0, int x1, int y1)
        {
            long k = Key(x0, y0);
            if (!outgoing.TryGetValue(k, out var list))
            {
                list = new List<int>(1);
                outgoing[k] = list;
            }

            list.Add(edges.Count);
            edges.Add((x0, y0, x1, y1));
        }

        for (int r = 0; r < height; r++)
        {
            var row = mask.Slice(r * width, width);
            for (int c = 0; c < width; c++)
            {
                if (row[c] == 0)
                {
                    // Masks are mostly background: jump over it a vector at a time.
                    int next = row.Slice(c).IndexOfAnyExcept((byte)0);
                    if (next < 0)
                    {
                        break;
                    }

                    c += next;
                }

                if (r == 0 || mask[(r - 1) * width + c] == 0) Add(c, r, c + 1, r);
                if (c == width - 1 || row[c + 1] == 0) Add(c + 1, r, c + 1, r + 1);
                if (r == height - 1 || mask[(r + 1) * width + c] == 0) Add(c + 1, r + 1, c, r + 1);
                if (c == 0 || row[c - 1] == 0) Add(c, r + 1, c, r);
            }
        }

        var used = new bool[edges.Count];
        var rings = new List<Ring>();
        for (int start = 0; start < edges.Count; start++)
        {
            if (used[start])
            {
                continue;
            }

            var vertices = new List<(int X, int Y)>();
            int current = start;
            while (true)
            {
                used[current] = true;
                var e = edges[current];
                vertices.Add((e.X0, e.Y0));
                int dx = Math.Sign(e.X1 - e.X0), dy = Math.Sign(e.Y1 - e.Y0);
                var candidates = outgoing[Key(e.X1, e.Y1)];
                int next = -1, bestRank = int.MaxValue;
                foreach (int candidate in candidates)
                {
                    if (used[candidate] && candidate != start)
                    {
                        continue;
                    }

                    var n = edges[candidate];
                    int ndx = Math.Sign(n.X1 - n.X0), ndy = Math.Sign(n.Y1 - n.Y0);
                    // right turn (-dy, dx) first, then straight, then left
                    int rank = (ndx == -dy && ndy == dx) ? 0 : (ndx == dx && ndy == dy) ? 1 : 2;
                    if (rank < bestRank)
                    {
                        bestRank = rank;
                        next = candidate;
                    }
                }

                if (next == start || next < 0)
                {
                    break;
                }

                current = next;
            }

            foreach (var loop in SplitAtRepeatedVertices(vertices))
            {
                rings.Add(Simplify(loop));
            }
        }

        return rings;
    }

    // A walk that passes a vertex twice (background meeting itself diagonally inside a region)
    // is cut there into simple loops: the outer one stays a shell, the pinched one becomes a hole
    // that touches it at one point, which OGC allows.
    private static IEnumerable<List<(int X, int Y)>> SplitAtRepeatedVertices(List<(int X, int Y)> vertices)
    {
        var stack = new List<(int X, int Y)>(vertices.Count);
        var position = new Dictionary<(int X, int Y), int>();
        foreach (var v in vertices)
        {
            if (position.TryGetValue(v, out int at))
            {
                var loop = stack.GetRange(at, stack.Count - at);
                for (int i = at; i < stack.Count; i++)
                {
                    position.Remove(stack[i]);
                }

                stack.RemoveRange(at, stack.Count - at);
                yield return loop;
            }

            position[v] = stack.Count;
            stack.Add(v);
        }

        yield return stack;
    }

    // Drops vertices in the middle of straight runs and closes the ring.
    private static Ring Simplify(List<(int X, int Y)> vertices)
    {
        var kept = new List<(int X, int Y)>(vertices.Count);
        int n = vertices.Count;
        for (int i = 0; i < n; i++)
        {
            var prev = vertices[(i - 1 + n) % n];
            var cur = vertices[i];
            var next = vertices[(i + 1) % n];
            bool collinear = (cur.X - prev.X) * (next.Y - cur.Y) == (cur.Y - prev.Y) * (next.X - cur.X);
            if (!collinear)
            {
                kept.Add(cur);
            }
        }

        long area2 = 0;
        for (int i = 0; i < kept.Count; i++)
        {
            var a = kept[i];
            var b = kept[(i + 1) % kept.Count];
            area2 += (long)a.X * b.Y - (long)b.X * a.Y;
        }

        kept.Add(kept[0]);
        return new Ring(kept, area2);
    }
}
