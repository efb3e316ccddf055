using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace SegmentS2.Output;

/// <summary>
/// The batch output, <c>fields.gpkg</c>: an OGC GeoPackage 1.3 (opens in QGIS and GDAL) with the feature layer
/// <c>field_masks</c> (MULTIPOLYGON, EPSG:4326; one row per field and scene) and the attribute table <c>field_runs</c>
/// (every field tried, with its status and reason). The file is created complete under a temporary name and moved into
/// place; afterwards each chip's rows are committed in one transaction, so a killed run loses at most the chip in flight.
/// </summary>
public sealed class FieldGeoPackage : IDisposable
{
    /// <summary>File name of the GeoPackage in the output folder.</summary>
    public const string FileName = "fields.gpkg";

    /// <summary>The feature layer of masks.</summary>
    public const string MasksLayer = "field_masks";

    /// <summary>The attribute table of attempts.</summary>
    public const string RunsTable = "field_runs";

    private static readonly string[] Schema =
    [
        .. GeoPackageSchema.Core,
        $"""
        CREATE TABLE {MasksLayer} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom MULTIPOLYGON, prompt_id TEXT NOT NULL, scene_id TEXT NOT NULL,
          datetime TEXT NOT NULL, pixel_count INTEGER NOT NULL, area_m2 REAL NOT NULL, cloud_fraction REAL, chip TEXT NOT NULL, UNIQUE (prompt_id, scene_id))
        """,
        $"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ('{MasksLayer}', 'features', '{MasksLayer}', 'SAM masks of fields, one per field and scene', 4326)",
        $"INSERT INTO gpkg_geometry_columns VALUES ('{MasksLayer}', 'geom', 'MULTIPOLYGON', 4326, 0, 0)",
        $"CREATE TABLE {RunsTable} (prompt_id TEXT NOT NULL, scene_id TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, shard_index INTEGER, shard_count INTEGER, PRIMARY KEY (prompt_id, scene_id))",
        $"INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('{RunsTable}', 'attributes', '{RunsTable}', 'every field tried: segmented or failed, with the reason and the shard that tried it')",
        ShardsSchema,
        $"INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES ('{ShardsTable}', 'attributes', '{ShardsTable}', 'the shards (index of count) whose rows the file holds')",
    ];

    /// <summary>The attribute table of the shards (index, count) whose rows the file holds.</summary>
    public const string ShardsTable = "batch_shards";

    private const string ShardsSchema = $"CREATE TABLE IF NOT EXISTS {ShardsTable} (shard_index INTEGER NOT NULL, shard_count INTEGER NOT NULL, PRIMARY KEY (shard_index, shard_count))";

    private readonly SqliteConnection _connection;
    private readonly GeoPackageGeoWriter _writer = GeoPackageSchema.GeometryWriter();

    private readonly (int Index, int Count)? _shard;

    private FieldGeoPackage(string path, SqliteConnection connection, (int Index, int Count)? shard)
    {
        Path = path;
        _connection = connection;
        _shard = shard;
    }

    /// <summary>The GeoPackage file.</summary>
    public string Path { get; }

    /// <summary>Opens <c>fields.gpkg</c> in a folder, creating it (complete, atomically) when missing.</summary>
    /// <exception cref="SegmentS2Exception">The file exists but is not a batch GeoPackage.</exception>
    public static FieldGeoPackage Open(string directory) => Open(directory, 0, 1);

    /// <summary>Opens <c>fields.gpkg</c> for shard <paramref name="shardIndex"/> of <paramref name="shardCount"/>, creating it when missing; the shard is recorded.</summary>
    internal static FieldGeoPackage Open(string directory, int shardIndex, int shardCount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string path = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            Create(path);
        }

        var connection = Connect(path, readOnly: false);
        try
        {
            using var check = connection.CreateCommand();
            check.CommandText = $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('{MasksLayer}', '{RunsTable}')";
            if (Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) != 2)
            {
                throw new SegmentS2Exception($"'{path}' is not a SegmentS2 batch GeoPackage: it has no {MasksLayer} layer and {RunsTable} table.");
            }

            Upgrade(connection);
            RecordShard(connection, shardIndex, shardCount);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new SegmentS2Exception($"'{path}' is not a SegmentS2 batch GeoPackage: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new FieldGeoPackage(path, connection, (shardIndex, shardCount));
    }

    // Files of earlier versions lack the shard columns and table: add them (a no-op on current files).
    private static void Upgrade(SqliteConnection connection)
    {
        if (!HasColumn(connection, RunsTable, "shard_index"))
        {
            using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE {RunsTable} ADD COLUMN shard_index INTEGER; ALTER TABLE {RunsTable} ADD COLUMN shard_count INTEGER";
            alter.ExecuteNonQuery();
        }

        using var shards = connection.CreateCommand();
        shards.CommandText = ShardsSchema;
        shards.ExecuteNonQuery();
    }

    /// <summary>The shards (index, count) whose rows the file at <paramref name="path"/> holds.</summary>
    public static IReadOnlyList<(int Index, int Count)> ReadShards(string path)
    {
        using var connection = Connect(path, readOnly: true);
        using var exists = connection.CreateCommand();
        exists.CommandText = $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{ShardsTable}'";
        if (Convert.ToInt32(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return [];
        }

        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT shard_index, shard_count FROM {ShardsTable} ORDER BY shard_count, shard_index";
        var shards = new List<(int, int)>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            shards.Add((r.GetInt32(0), r.GetInt32(1)));
        }

        return shards;
    }

    /// <summary>The (prompt id, scene id) pairs already decided: segmented or failed in that scene.</summary>
    public HashSet<(string PromptId, string SceneId)> DonePairs()
    {
        var done = new HashSet<(string, string)>();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT prompt_id, scene_id FROM {RunsTable} WHERE scene_id <> ''";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            done.Add((reader.GetString(0), reader.GetString(1)));
        }

        return done;
    }

    /// <summary>Writes one chip's masks and attempts in one transaction (rows already there are kept as they are).</summary>
    public void Write(IReadOnlyList<FieldMaskRow> masks, IReadOnlyList<FieldRunRow> runs)
    {
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(runs);
        using var transaction = _connection.BeginTransaction();
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT OR IGNORE INTO {MasksLayer} (geom, prompt_id, scene_id, datetime, pixel_count, area_m2, cloud_fraction, chip) VALUES ($g, $p, $s, $d, $n, $a, $c, $k)";
            var g = insert.Parameters.Add("$g", SqliteType.Blob);
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            var s = insert.Parameters.Add("$s", SqliteType.Text);
            var d = insert.Parameters.Add("$d", SqliteType.Text);
            var n = insert.Parameters.Add("$n", SqliteType.Integer);
            var a = insert.Parameters.Add("$a", SqliteType.Real);
            var c = insert.Parameters.Add("$c", SqliteType.Real);
            var k = insert.Parameters.Add("$k", SqliteType.Text);
            foreach (var row in masks)
            {
                g.Value = _writer.Write(row.Geometry);
                p.Value = row.PromptId;
                s.Value = row.SceneId;
                d.Value = row.DateTime;
                n.Value = row.PixelCount;
                a.Value = row.AreaM2;
                c.Value = row.CloudFraction is double f ? f : DBNull.Value;
                k.Value = row.Chip;
                insert.ExecuteNonQuery();
            }
        }

        InsertRuns(runs, transaction, replace: false);
        transaction.Commit();
    }

    /// <summary>Writes attempts that no chip decides (bad fields, fields outside every scene) in one transaction.</summary>
    public void WriteRuns(IReadOnlyList<FieldRunRow> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        using var transaction = _connection.BeginTransaction();
        InsertRuns(runs, transaction, replace: false);
        transaction.Commit();
    }

    /// <summary>
    /// Replaces the field-level attempts (those no scene decides) of <paramref name="ids"/>: a rerun re-derives them from
    /// the current layer, so a reason that no longer holds (a field fixed since) does not linger.
    /// </summary>
    internal void ReplaceFieldLevelRuns(IReadOnlyCollection<string> ids, IReadOnlyList<FieldRunRow> runs)
    {
        // Only what changed is written: a rerun that derives the same reasons leaves the file as it was, byte for byte.
        var wanted = runs.ToDictionary(r => r.PromptId, StringComparer.Ordinal);
        var stale = new List<string>();
        using (var read = _connection.CreateCommand())
        {
            read.CommandText = $"SELECT prompt_id, status, reason FROM {RunsTable} WHERE scene_id = ''";
            var owned = ids.ToHashSet(StringComparer.Ordinal);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                string id = reader.GetString(0);
                if (!owned.Contains(id))
                {
                    continue;
                }

                if (wanted.TryGetValue(id, out var row) && row.Status == reader.GetString(1) && row.Reason == (reader.IsDBNull(2) ? null : reader.GetString(2)))
                {
                    wanted.Remove(id);
                }
                else
                {
                    stale.Add(id);
                }
            }
        }

        if (stale.Count == 0 && wanted.Count == 0)
        {
            return;
        }

        using var transaction = _connection.BeginTransaction();
        using (var delete = _connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {RunsTable} WHERE scene_id = '' AND prompt_id = $p";
            var p = delete.Parameters.Add("$p", SqliteType.Text);
            foreach (string id in stale)
            {
                p.Value = id;
                delete.ExecuteNonQuery();
            }
        }

        InsertRuns(wanted.Values.ToList(), transaction, replace: true);
        transaction.Commit();
    }

    /// <summary>
    /// Of the fields in <paramref name="current"/> (the layer being run), those with a mask row, and those without one
    /// that have a failure, with its first reason (field-level first, then by scene). Rows of ids no longer in the layer
    /// do not count.
    /// </summary>
    internal (int FieldsSegmented, IReadOnlyList<(string PromptId, string Reason)> Failures) Summarize(IReadOnlySet<string> current)
    {
        var segmentedIds = new HashSet<string>(StringComparer.Ordinal);
        using (var masks = _connection.CreateCommand())
        {
            masks.CommandText = $"SELECT DISTINCT prompt_id FROM {MasksLayer}";
            using var reader = masks.ExecuteReader();
            while (reader.Read())
            {
                segmentedIds.Add(reader.GetString(0));
            }
        }

        using var cmd = _connection.CreateCommand();
        cmd.CommandText = $"SELECT prompt_id, reason FROM {RunsTable} WHERE status = '{FieldRunRow.Failed}' ORDER BY prompt_id, scene_id";
        var failures = new List<(string PromptId, string Reason)>();
        using (var reader = cmd.ExecuteReader())
        {
            string? last = null;
            while (reader.Read())
            {
                string id = reader.GetString(0);
                if (id != last && current.Contains(id) && !segmentedIds.Contains(id))
                {
                    failures.Add((id, reader.IsDBNull(1) ? "failed" : reader.GetString(1)));
                }

                last = id;
            }
        }

        return (segmentedIds.Count(current.Contains), failures);
    }

    /// <summary>Reads every mask row, ordered by prompt id then scene id.</summary>
    public static IReadOnlyList<FieldMaskRow> ReadMasks(string path)
    {
        using var connection = Connect(path, readOnly: true);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT geom, prompt_id, scene_id, datetime, pixel_count, area_m2, cloud_fraction, chip FROM {MasksLayer} ORDER BY prompt_id, scene_id";
        var reader = new GeoPackageGeoReader { HandleSRID = true };
        var rows = new List<FieldMaskRow>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var geometry = reader.Read((byte[])r.GetValue(0));
            rows.Add(new FieldMaskRow(r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetDouble(5),
                r.IsDBNull(6) ? null : r.GetDouble(6), r.GetString(7), geometry));
        }

        return rows;
    }

    /// <summary>Reads every attempt, ordered by prompt id then scene id.</summary>
    public static IReadOnlyList<FieldRunRow> ReadRuns(string path)
    {
        using var connection = Connect(path, readOnly: true);
        using var cmd = connection.CreateCommand();
        bool sharded = HasColumn(connection, RunsTable, "shard_index");
        cmd.CommandText = $"SELECT prompt_id, scene_id, status, reason{(sharded ? ", shard_index, shard_count" : ", NULL, NULL")} FROM {RunsTable} ORDER BY prompt_id, scene_id";
        var rows = new List<FieldRunRow>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            rows.Add(new FieldRunRow(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3))
            {
                ShardIndex = r.IsDBNull(4) ? null : r.GetInt32(4),
                ShardCount = r.IsDBNull(5) ? null : r.GetInt32(5),
            });
        }

        return rows;
    }

    /// <summary>
    /// Combines the <c>fields.gpkg</c> of several folders (shards) into <c>fields.gpkg</c> in <paramref name="outputDirectory"/>,
    /// rows ordered by prompt id then scene id; a (field, scene) pair present in several inputs is taken once. Mask GeoTIFFs
    /// under <c>masks/</c> are copied along. The merged file is built under a temporary name and moved into place.
    /// </summary>
    /// <returns>Mask rows and attempt rows in the merged file.</returns>
    /// <exception cref="FileNotFoundException">An input folder holds no <c>fields.gpkg</c>.</exception>
    /// <exception cref="SegmentS2InputException">The inputs are not every shard of one batch.</exception>
    public static (int Masks, int Runs) Merge(IReadOnlyList<string> inputDirectories, string outputDirectory, CancellationToken cancellationToken = default) =>
        Merge(inputDirectories, outputDirectory, allowPartial: false, cancellationToken);

    /// <summary>
    /// <see cref="Merge(IReadOnlyList{string}, string, CancellationToken)"/>; with <paramref name="allowPartial"/>, an
    /// incomplete set of shards is merged too instead of refused.
    /// </summary>
    public static (int Masks, int Runs) Merge(IReadOnlyList<string> inputDirectories, string outputDirectory, bool allowPartial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputDirectories);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var inputs = inputDirectories.Select(d => System.IO.Path.GetFullPath(System.IO.Path.Combine(d, FileName))).ToList();
        foreach (var input in inputs.Where(i => !File.Exists(i)))
        {
            throw new FileNotFoundException($"'{System.IO.Path.GetDirectoryName(input)}' holds no {FileName} to merge.", input);
        }

        var shards = inputs.SelectMany(ReadShards).Distinct().ToList();
        CheckShards(shards, allowPartial);

        Directory.CreateDirectory(outputDirectory);
        string target = System.IO.Path.GetFullPath(System.IO.Path.Combine(outputDirectory, FileName));
        string temp = target + $".{Guid.NewGuid():N}.tmp";
        try
        {
            Create(temp);
            using (var connection = Connect(temp, readOnly: false))
            {
                var masks = inputs.SelectMany(ReadMasks).GroupBy(m => (m.PromptId, m.SceneId)).Select(g => g.First())
                    .OrderBy(m => m.PromptId, StringComparer.Ordinal).ThenBy(m => m.SceneId, StringComparer.Ordinal).ToList();
                var runs = inputs.SelectMany(ReadRuns).GroupBy(m => (m.PromptId, m.SceneId)).Select(g => g.First())
                    .OrderBy(m => m.PromptId, StringComparer.Ordinal).ThenBy(m => m.SceneId, StringComparer.Ordinal).ToList();
                cancellationToken.ThrowIfCancellationRequested();
                Upgrade(connection);
                foreach (var (index, count) in shards)
                {
                    RecordShard(connection, index, count);
                }

                using (var gpkg = new FieldGeoPackage(temp, connection, null))
                {
                    gpkg.Write(masks, runs);
                }
            }

            foreach (var directory in inputDirectories)
            {
                string masksDir = System.IO.Path.Combine(directory, OutputMasksFolder);
                if (!Directory.Exists(masksDir))
                {
                    continue;
                }

                string targetDir = System.IO.Path.Combine(outputDirectory, OutputMasksFolder);
                Directory.CreateDirectory(targetDir);
                foreach (var file in Directory.EnumerateFiles(masksDir, "*.tif"))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string destination = System.IO.Path.Combine(targetDir, System.IO.Path.GetFileName(file));
                    if (!string.Equals(System.IO.Path.GetFullPath(file), System.IO.Path.GetFullPath(destination), StringComparison.Ordinal))
                    {
                        File.Copy(file, destination, overwrite: true);
                    }
                }
            }

            File.Move(temp, target, overwrite: true);
            return (ReadMasks(target).Count, ReadRuns(target).Count);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    // Every shard of one batch, each once: one shard count, and every index below it.
    private static void CheckShards(IReadOnlyList<(int Index, int Count)> shards, bool allowPartial)
    {
        var counts = shards.Select(s => s.Count).Distinct().Order().ToList();
        if (counts.Count > 1)
        {
            throw new SegmentS2InputException($"The inputs are shards of batches of {string.Join(" and ", counts)} shards; merge the shards of one batch (one --shard-count).");
        }

        if (counts.Count == 0 || allowPartial)
        {
            return;
        }

        var missing = Enumerable.Range(0, counts[0]).Except(shards.Select(s => s.Index)).ToList();
        if (missing.Count > 0)
        {
            throw new SegmentS2InputException(string.Create(CultureInfo.InvariantCulture,
                $"The inputs hold shards {string.Join(", ", shards.Select(s => s.Index).Order())} of {counts[0]}: shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} {(missing.Count > 1 ? "are" : "is")} missing. Add {(missing.Count > 1 ? "their" : "its")} folder{(missing.Count > 1 ? "s" : "")}, or pass --allow-partial (allowPartial) to merge an incomplete set."));
        }
    }

    /// <summary>The folder, under the output folder, of the per-field mask GeoTIFFs.</summary>
    public const string OutputMasksFolder = "masks";

    /// <summary>Closes the file.</summary>
    public void Dispose() => _connection.Dispose();

    private void InsertRuns(IReadOnlyList<FieldRunRow> runs, SqliteTransaction transaction, bool replace)
    {
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT OR {(replace ? "REPLACE" : "IGNORE")} INTO {RunsTable} (prompt_id, scene_id, status, reason, shard_index, shard_count) VALUES ($p, $s, $t, $r, $i, $n)";
        var p = insert.Parameters.Add("$p", SqliteType.Text);
        var s = insert.Parameters.Add("$s", SqliteType.Text);
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        var r = insert.Parameters.Add("$r", SqliteType.Text);
        var i = insert.Parameters.Add("$i", SqliteType.Integer);
        var n = insert.Parameters.Add("$n", SqliteType.Integer);
        foreach (var row in runs)
        {
            p.Value = row.PromptId;
            s.Value = row.SceneId;
            t.Value = row.Status;
            r.Value = row.Reason is null ? DBNull.Value : row.Reason;
            i.Value = (object?)row.ShardIndex ?? (object?)_shard?.Index ?? DBNull.Value;
            n.Value = (object?)row.ShardCount ?? (object?)_shard?.Count ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }
    }

    private static void Create(string path)
    {
        string temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var connection = Connect(temp, readOnly: false))
            {
                using var transaction = connection.BeginTransaction();
                GeoPackageSchema.Execute(connection, transaction, Schema);

                transaction.Commit();
            }

            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (a shard sharing the folder) created it first; theirs is complete too.
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    // Records that the file holds rows of shard `index` of `count` (once; a no-op when it already says so).
    private static void RecordShard(SqliteConnection connection, int index, int count)
    {
        using var record = connection.CreateCommand();
        record.CommandText = $"INSERT OR IGNORE INTO {ShardsTable} (shard_index, shard_count) VALUES ($i, $n)";
        record.Parameters.AddWithValue("$i", index);
        record.Parameters.AddWithValue("$n", count);
        record.ExecuteNonQuery();
    }

    private static bool HasColumn(SqliteConnection connection, string table, string column)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $c";
        cmd.Parameters.AddWithValue("$c", column);
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static SqliteConnection Connect(string path, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var busy = connection.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 60000";
        busy.ExecuteNonQuery();
        return connection;
    }
}
