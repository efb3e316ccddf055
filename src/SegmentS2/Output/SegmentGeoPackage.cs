using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace SegmentS2.Output;

/// <summary>
/// Writes automatic segmentation's <c>segments.gpkg</c>: one layer, <c>segments</c>, of 2D multipolygons in EPSG:4326.
/// Rows go into a temporary file as each scene is done (one transaction per scene), so a run never holds more than one
/// row; <see cref="Complete"/> records the layer's extent and moves the file into place. Disposed before that, the
/// temporary file is deleted and no <c>segments.gpkg</c> appears.
/// </summary>
internal sealed class SegmentGeoPackage : IDisposable
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "segments.gpkg";

    /// <summary>The layer name.</summary>
    public const string Layer = "segments";

    private readonly string _path;
    private readonly string _temp;
    private readonly SqliteConnection _connection;
    private readonly GeoPackageGeoWriter _writer = GeoPackageSchema.GeometryWriter();
    private readonly Envelope _extent = new();
    private bool _completed;

    private SegmentGeoPackage(string path, string temp, SqliteConnection connection)
    {
        _path = path;
        _temp = temp;
        _connection = connection;
    }

    /// <summary>Starts the file at <paramref name="path"/> (written beside it until <see cref="Complete"/>).</summary>
    public static SegmentGeoPackage Create(string path)
    {
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            GeoPackageSchema.Execute(connection, transaction,
            [
                .. GeoPackageSchema.Core,
                $"""
                CREATE TABLE {Layer} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom MULTIPOLYGON, segment_id INTEGER NOT NULL, scene_id TEXT NOT NULL,
                  datetime TEXT NOT NULL, score REAL NOT NULL, stability REAL NOT NULL, pixel_count INTEGER NOT NULL, area_m2 REAL NOT NULL)
                """,
                $"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('{Layer}', 'features', '{Layer}', 'automatic SAM segments, one per kept mask and scene', 4326)",
                $"INSERT INTO gpkg_geometry_columns VALUES ('{Layer}', 'geom', 'MULTIPOLYGON', 4326, 0, 0)",
            ]);
            transaction.Commit();
            return new SegmentGeoPackage(path, temp, connection);
        }
        catch
        {
            connection.Dispose();
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Inserts <paramref name="rows"/> in one transaction, taking each as it comes; returns how many.</summary>
    public int Add(IEnumerable<SegmentRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO {Layer} (geom, segment_id, scene_id, datetime, score, stability, pixel_count, area_m2) VALUES ($g, $i, $s, $d, $score, $st, $n, $a)";
        var g = insert.Parameters.Add("$g", SqliteType.Blob);
        var i = insert.Parameters.Add("$i", SqliteType.Integer);
        var s = insert.Parameters.Add("$s", SqliteType.Text);
        var d = insert.Parameters.Add("$d", SqliteType.Text);
        var score = insert.Parameters.Add("$score", SqliteType.Real);
        var st = insert.Parameters.Add("$st", SqliteType.Real);
        var n = insert.Parameters.Add("$n", SqliteType.Integer);
        var a = insert.Parameters.Add("$a", SqliteType.Real);
        int count = 0;
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            g.Value = _writer.Write(row.Geometry);
            i.Value = row.SegmentId;
            s.Value = row.SceneId;
            d.Value = row.DateTime;
            score.Value = (double)row.Score;
            st.Value = (double)row.Stability;
            n.Value = row.PixelCount;
            a.Value = row.AreaM2;
            insert.ExecuteNonQuery();
            _extent.ExpandToInclude(row.Geometry.EnvelopeInternal);
            count++;
        }

        transaction.Commit();
        return count;
    }

    /// <summary>Records the layer's extent, closes the file and moves it into place.</summary>
    public void Complete()
    {
        if (!_extent.IsNull)
        {
            using var update = _connection.CreateCommand();
            update.CommandText = "UPDATE gpkg_contents SET min_x = $x0, min_y = $y0, max_x = $x1, max_y = $y1 WHERE table_name = $t";
            update.Parameters.AddWithValue("$x0", _extent.MinX);
            update.Parameters.AddWithValue("$y0", _extent.MinY);
            update.Parameters.AddWithValue("$x1", _extent.MaxX);
            update.Parameters.AddWithValue("$y1", _extent.MaxY);
            update.Parameters.AddWithValue("$t", Layer);
            update.ExecuteNonQuery();
        }

        _connection.Dispose();
        File.Move(_temp, _path, overwrite: true);
        _completed = true;
    }

    /// <summary>Closes the file; deletes it unless <see cref="Complete"/> moved it into place.</summary>
    public void Dispose()
    {
        _connection.Dispose();
        if (!_completed && File.Exists(_temp))
        {
            File.Delete(_temp);
        }
    }
}
