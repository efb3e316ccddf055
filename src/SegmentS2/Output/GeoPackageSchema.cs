using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace SegmentS2.Output;

/// <summary>The GeoPackage 1.3 tables SegmentS2's vector layers share (<c>fields.gpkg</c>, <c>segments.gpkg</c>).</summary>
internal static class GeoPackageSchema
{
    private const string Wgs84Wkt =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

    /// <summary>The statements every GeoPackage starts with: its application id and version, the CRS table (with EPSG:4326) and the contents and geometry column tables.</summary>
    public static readonly string[] Core =
    [
        "PRAGMA application_id = 1196444487",
        "PRAGMA user_version = 10300",
        """
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
          organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)
        """,
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system')",
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')",
        $"INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{Wgs84Wkt.Replace("'", "''", StringComparison.Ordinal)}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
        """
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
          last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
          CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))
        """,
        """
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
          z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))
        """,
    ];

    /// <summary>Runs <paramref name="statements"/> in order inside <paramref name="transaction"/>.</summary>
    public static void Execute(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> statements)
    {
        foreach (var statement in statements)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = statement;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// A geometry writer for SegmentS2's layers, which are 2D: the writer's default (XYZM) writes NaN Z and M, which the
    /// columns' z=0, m=0 forbid and GDAL reads as null geometries.
    /// </summary>
    public static GeoPackageGeoWriter GeometryWriter() => new() { HandleOrdinates = Ordinates.XY };
}
