using System.Buffers;
using NetTopologySuite.Geometries;
using SegmentS2.Raster;

namespace SegmentS2.Output;

/// <summary>
/// Vectorises a binary mask into polygons along pixel edges (4-connected, like GDAL's polygonize):
/// every foreground region becomes one polygon, its background holes kept as interior rings.
/// </summary>
/// <remarks>
/// The work is linear in pixels and boundary edges, with no geometric test: one raster pass labels the
/// 4-connected foreground regions (union-find over runs), and each ring is then traced once along pixel edges,
/// keeping only its corners. A ring belongs to the region whose pixels it runs along, so holes need no
/// containment search: a ring's orientation says whether it is the region's shell or one of its holes.
/// Where two foreground pixels touch only at a corner, the trace keeps them apart when they belong to
/// different regions, and when they belong to the same region it keeps the two background sides apart
/// instead, so every ring is simple and a hole meets its shell or another hole at single points only:
/// the polygons are valid OGC polygons, and rasterising them at pixel centres gives the mask back.
/// </remarks>
public static class MaskPolygonizer
{
    // Directions, clockwise on screen (y down): east, south, west, north. A right turn is d + 1.
    private static ReadOnlySpan<int> StepX => [1, 0, -1, 0];
    private static ReadOnlySpan<int> StepY => [0, 1, 0, -1];

    /// <summary>
    /// Traces the foreground (non-zero) regions of a mask.
    /// </summary>
    /// <param name="mask">Row-major mask, <paramref name="width"/> x <paramref name="height"/>; non-zero is foreground.</param>
    /// <param name="width">Mask width in pixels.</param>
    /// <param name="height">Mask height in pixels.</param>
    /// <param name="transform">Geotransform of the mask; polygon coordinates are in its CRS.</param>
    /// <param name="factory">Geometry factory (its SRID is kept); null for a default one.</param>
    /// <returns>
    /// One polygon per 4-connected foreground region, largest first (regions of equal size in the raster order of
    /// their first pixel). Rings keep only their corners; with a north-up transform shells run clockwise and holes
    /// counter-clockwise (the GeoJSON writer turns them round, as RFC 7946 asks).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is not positive, or the mask is too large to pad by one pixel.</exception>
    /// <exception cref="ArgumentException"><paramref name="mask"/> holds fewer than <paramref name="width"/> x <paramref name="height"/> values.</exception>
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

        long paddedLength = (long)(width + 2) * (height + 2);
        if (paddedLength > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A mask of {width} x {height} pixels is too large to polygonise in one piece.");
        }

        factory ??= new GeometryFactory();
        using var work = new Workspace(width, height, (int)paddedLength);
        work.Pad(mask);
        int components = work.Label();
        if (components == 0)
        {
            return [];
        }

        return work.TraceAndBuild(components, transform, factory);
    }

    /// <summary>The pooled buffers of one call.</summary>
    private sealed class Workspace : IDisposable
    {
        private readonly int _width;
        private readonly int _height;
        private readonly int _stride;

        // The mask with a one-pixel background border, stride width + 2: every pixel a trace looks at exists.
        private byte[] _padded;

        // Region of each foreground pixel (padded indexing); background entries are never read.
        private int[] _labels;

        // Top edges already traced, one bit per mask pixel: every ring has one, so a raster scan finds each ring once.
        private ulong[] _visited;

        // Foreground runs, row by row: [start, end) columns, union-find parent, then region.
        private int[] _runStart;
        private int[] _runEnd;
        private int[] _runParent;
        private int[] _rowFirstRun;
        private int _runs;

        // Corners of the ring being traced, x and y interleaved, in pixel-grid coordinates.
        private int[] _corners;

        public Workspace(int width, int height, int paddedLength)
        {
            _width = width;
            _height = height;
            _stride = width + 2;
            _padded = ArrayPool<byte>.Shared.Rent(paddedLength);
            _labels = ArrayPool<int>.Shared.Rent(paddedLength);
            int visitedWords = (int)(((long)width * height + 63) / 64);
            _visited = ArrayPool<ulong>.Shared.Rent(visitedWords);
            Array.Clear(_visited, 0, visitedWords);
            int runGuess = Math.Max(64, width * Math.Min(height, 64));
            _runStart = ArrayPool<int>.Shared.Rent(runGuess);
            _runEnd = ArrayPool<int>.Shared.Rent(runGuess);
            _runParent = ArrayPool<int>.Shared.Rent(runGuess);
            _rowFirstRun = ArrayPool<int>.Shared.Rent(height + 1);
            _corners = ArrayPool<int>.Shared.Rent(1024);
        }

        public void Pad(ReadOnlySpan<byte> mask)
        {
            var padded = _padded.AsSpan(0, _stride * (_height + 2));
            padded[.._stride].Clear();
            padded[^_stride..].Clear();
            for (int r = 0; r < _height; r++)
            {
                var row = padded.Slice((r + 1) * _stride, _stride);
                row[0] = 0;
                row[^1] = 0;
                mask.Slice(r * _width, _width).CopyTo(row[1..]);
            }
        }

        /// <summary>Labels the 4-connected foreground regions in raster order of their first pixel; returns how many.</summary>
        public int Label()
        {
            for (int r = 0; r < _height; r++)
            {
                _rowFirstRun[r] = _runs;
                var row = _padded.AsSpan((r + 1) * _stride + 1, _width);
                int c = 0;
                while (c < _width)
                {
                    int start = row[c..].IndexOfAnyExcept((byte)0);
                    if (start < 0)
                    {
                        break;
                    }

                    start += c;
                    int length = row[start..].IndexOf((byte)0);
                    int end = length < 0 ? _width : start + length;
                    AddRun(start, end);
                    c = end + 1;
                }

                if (r > 0)
                {
                    UnionWithRowAbove(_rowFirstRun[r - 1], _rowFirstRun[r], _runs);
                }
            }

            _rowFirstRun[_height] = _runs;

            // Roots are the first run of their region (unions keep the smaller index). One forward pass points
            // every run at its root; a second numbers the regions in raster order, overwriting each parent with
            // its region (a root is numbered before the runs that point at it).
            for (int i = 0; i < _runs; i++)
            {
                _runParent[i] = Find(i);
            }

            int components = 0;
            for (int i = 0; i < _runs; i++)
            {
                int root = _runParent[i];
                _runParent[i] = root == i ? components++ : _runParent[root];
            }

            for (int r = 0; r < _height; r++)
            {
                int rowBase = (r + 1) * _stride + 1;
                for (int i = _rowFirstRun[r]; i < _rowFirstRun[r + 1]; i++)
                {
                    _labels.AsSpan(rowBase + _runStart[i], _runEnd[i] - _runStart[i]).Fill(_runParent[i]);
                }
            }

            return components;
        }

        private void AddRun(int start, int end)
        {
            if (_runs == _runStart.Length)
            {
                Grow(ref _runStart, _runs);
                Grow(ref _runEnd, _runs);
                Grow(ref _runParent, _runs);
            }

            _runStart[_runs] = start;
            _runEnd[_runs] = end;
            _runParent[_runs] = _runs;
            _runs++;
        }

        // Runs of consecutive rows are 4-connected where their column ranges overlap.
        private void UnionWithRowAbove(int above, int current, int end)
        {
            int i = above, j = current;
            while (i < current && j < end)
            {
                if (_runStart[i] < _runEnd[j] && _runStart[j] < _runEnd[i])
                {
                    Union(i, j);
                }

                if (_runEnd[i] <= _runEnd[j])
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }
        }

        private int Find(int i)
        {
            var parent = _runParent;
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        private void Union(int a, int b)
        {
            int ra = Find(a), rb = Find(b);
            if (ra < rb)
            {
                _runParent[rb] = ra;
            }
            else if (rb < ra)
            {
                _runParent[ra] = rb;
            }
        }

        /// <summary>Traces every ring once, in raster order of its first top edge, and assembles the polygons.</summary>
        public Polygon[] TraceAndBuild(int components, GeoTransform transform, GeometryFactory factory)
        {
            var shells = new LinearRing?[components];
            var holeCounts = new int[components];
            var holes = new List<(int Component, LinearRing Ring)>();
            var pixelCounts = new long[components];
            for (int i = 0; i < _runs; i++)
            {
                pixelCounts[_runParent[i]] += _runEnd[i] - _runStart[i];
            }

            for (int r = 0; r < _height; r++)
            {
                int aboveBase = r * _stride + 1;
                for (int i = _rowFirstRun[r]; i < _rowFirstRun[r + 1]; i++)
                {
                    // Pixels of the run with background above start a ring unless a trace already passed there.
                    int c = _runStart[i], end = _runEnd[i];
                    while (c < end)
                    {
                        int exposed = _padded.AsSpan(aboveBase + c, end - c).IndexOf((byte)0);
                        if (exposed < 0)
                        {
                            break;
                        }

                        c += exposed;
                        long bit = (long)r * _width + c;
                        if ((_visited[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
                        {
                            int component = _runParent[i];
                            var (ring, outer) = Trace(c, r, component, transform, factory);
                            if (outer)
                            {
                                shells[component] = ring;
                            }
                            else
                            {
                                holeCounts[component]++;
                                holes.Add((component, ring));
                            }
                        }

                        c++;
                    }
                }
            }

            var holesOf = new LinearRing[components][];
            for (int k = 0; k < components; k++)
            {
                holesOf[k] = holeCounts[k] == 0 ? [] : new LinearRing[holeCounts[k]];
                holeCounts[k] = 0;
            }

            foreach (var (component, ring) in holes)
            {
                holesOf[component][holeCounts[component]++] = ring;
            }

            var order = new int[components];
            for (int k = 0; k < components; k++)
            {
                order[k] = k;
            }

            Array.Sort(order, (a, b) => pixelCounts[a] != pixelCounts[b] ? pixelCounts[b].CompareTo(pixelCounts[a]) : a.CompareTo(b));
            var polygons = new Polygon[components];
            for (int k = 0; k < components; k++)
            {
                int component = order[k];
                polygons[k] = factory.CreatePolygon(shells[component]!, holesOf[component]);
            }

            return polygons;
        }

        // Walks the ring through the top edge of pixel (col, row) with the foreground on the right, turning where the
        // pixels ahead say so, until it is back on that edge. At a vertex where only the pixel ahead-left and the one
        // behind-right are foreground, it turns left (keeping the background sides apart) when both are this region,
        // else right (keeping the regions apart). Returns the ring of corners and whether it is the region's shell.
        private (LinearRing Ring, bool Outer) Trace(int col, int row, int component, GeoTransform transform, GeometryFactory factory)
        {
            int stride = _stride;
            ReadOnlySpan<int> step = [1, stride, -1, -stride];
            // Pixels around a vertex, from the index of its north-west pixel: ahead-left and ahead-right of each direction.
            ReadOnlySpan<int> aheadLeft = [1, stride + 1, stride, 0];
            ReadOnlySpan<int> aheadRight = [stride + 1, stride, 0, 1];
            var padded = _padded;
            var labels = _labels;
            int start = row * stride + col;
            int vertex = start, x = col, y = row, d = 0, count = 0;
            do
            {
                if (d == 0)
                {
                    long bit = (long)y * _width + x;
                    _visited[bit >> 6] |= 1UL << (int)(bit & 63);
                }

                vertex += step[d];
                x += StepX[d];
                y += StepY[d];
                int left = vertex + aheadLeft[d];
                bool ahead = padded[vertex + aheadRight[d]] != 0;
                int next;
                if (padded[left] == 0)
                {
                    next = ahead ? d : (d + 1) & 3;
                }
                else
                {
                    next = ahead || labels[left] == component ? (d + 3) & 3 : (d + 1) & 3;
                }

                if (next != d)
                {
                    if (count + 2 > _corners.Length)
                    {
                        Grow(ref _corners, count);
                    }

                    _corners[count++] = x;
                    _corners[count++] = y;
                    d = next;
                }
            }
            while (vertex != start || d != 0);

            // Shoelace on the pixel grid: positive for a walk clockwise on screen, which has the region inside.
            int n = count / 2;
            long area2 = 0;
            var coordinates = new Coordinate[n + 1];
            for (int i = 0; i < n; i++)
            {
                int xi = _corners[2 * i], yi = _corners[2 * i + 1];
                int j = i + 1 == n ? 0 : i + 1;
                area2 += (long)xi * _corners[2 * j + 1] - (long)_corners[2 * j] * yi;
                var (mx, my) = transform.PixelToMap(xi, yi);
                coordinates[i] = new Coordinate(mx, my);
            }

            coordinates[n] = coordinates[0].Copy();
            return (factory.CreateLinearRing(coordinates), area2 > 0);
        }

        private static void Grow<T>(ref T[] array, int used)
        {
            var larger = ArrayPool<T>.Shared.Rent(array.Length * 2);
            Array.Copy(array, larger, used);
            ArrayPool<T>.Shared.Return(array);
            array = larger;
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_padded);
            ArrayPool<int>.Shared.Return(_labels);
            ArrayPool<ulong>.Shared.Return(_visited);
            ArrayPool<int>.Shared.Return(_runStart);
            ArrayPool<int>.Shared.Return(_runEnd);
            ArrayPool<int>.Shared.Return(_runParent);
            ArrayPool<int>.Shared.Return(_rowFirstRun);
            ArrayPool<int>.Shared.Return(_corners);
            _padded = [];
            _labels = [];
            _visited = [];
            _runStart = _runEnd = _runParent = _rowFirstRun = _corners = [];
        }
    }
}
