using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;

namespace SegmentS2.Output;

/// <summary>Writes automatic segmentation's <c>segments.gpkg</c>: one layer, <c>segments</c>, of 2D multipolygons in EPSG:4326.</summary>
internal static class SegmentGeoPackage
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "segments.gpkg";

    /// <summary>The layer name.</summary>
    public const string Layer = "segments";

    /// <summary>Writes every row into a new file, atomically (a temporary file beside it, moved into place when whole).</summary>
    public static void Write(string path, IReadOnlyList<SegmentRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = temp, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
            using (var connection = new SqliteConnection(builder.ToString()))
            {
                connection.Open();
                using var transaction = connection.BeginTransaction();
                var envelope = new Envelope();
                foreach (var row in rows)
                {
                    envelope.ExpandToInclude(row.Geometry.EnvelopeInternal);
                }

                string Bound(double v) => envelope.IsNull ? "NULL" : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                string[] schema =
                [
                    .. GeoPackageSchema.Core,
                    $"""
                    CREATE TABLE {Layer} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom MULTIPOLYGON, segment_id INTEGER NOT NULL, scene_id TEXT NOT NULL,
                      datetime TEXT NOT NULL, score REAL NOT NULL, stability REAL NOT NULL, pixel_count INTEGER NOT NULL, area_m2 REAL NOT NULL)
                    """,
                    $"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES ('{Layer}', 'features', '{Layer}', " +
                    $"'automatic SAM segments, one per kept mask and scene', {Bound(envelope.MinX)}, {Bound(envelope.MinY)}, {Bound(envelope.MaxX)}, {Bound(envelope.MaxY)}, 4326)",
                    $"INSERT INTO gpkg_geometry_columns VALUES ('{Layer}', 'geom', 'MULTIPOLYGON', 4326, 0, 0)",
                ];
                GeoPackageSchema.Execute(connection, transaction, schema);
                var writer = GeoPackageSchema.GeometryWriter();
                using var insert = connection.CreateCommand();
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
                foreach (var row in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    g.Value = writer.Write(row.Geometry);
                    i.Value = row.SegmentId;
                    s.Value = row.SceneId;
                    d.Value = row.DateTime;
                    score.Value = (double)row.Score;
                    st.Value = (double)row.Stability;
                    n.Value = row.PixelCount;
                    a.Value = row.AreaM2;
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
