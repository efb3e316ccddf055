using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.IO;

namespace SegmentS2.Prompts;

/// <summary>
/// Reads prompts from a GeoPackage: the first feature layer (or a named one), its point and polygon features with their
/// <c>prompt_id</c> and <c>label</c> columns, and the layer's EPSG code as the declared CRS.
/// </summary>
public static class GeoPackagePromptReader
{
    /// <summary>Reads the prompts of a GeoPackage file.</summary>
    /// <param name="path">The .gpkg file.</param>
    /// <param name="layer">The feature layer; null takes the first in <c>gpkg_contents</c>.</param>
    /// <exception cref="PromptValidationException">The file cannot be opened as a GeoPackage, has no such feature layer, or a geometry is unreadable.</exception>
    public static PromptCollection Read(string path, string? layer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new PromptValidationException(PromptValidationRule.Unreadable, $"The prompts GeoPackage '{path}' does not exist.", value: path);
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            using var find = connection.CreateCommand();
            find.CommandText = """
                SELECT c.table_name, g.column_name, s.organization, s.organization_coordsys_id
                FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
                LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
                WHERE c.data_type = 'features' AND ($layer IS NULL OR c.table_name = $layer)
                ORDER BY c.table_name LIMIT 1
                """;
            find.Parameters.AddWithValue("$layer", (object?)layer ?? DBNull.Value);
            string table, column;
            int? epsg = null;
            using (var r = find.ExecuteReader())
            {
                if (!r.Read())
                {
                    throw new PromptValidationException(PromptValidationRule.Unreadable,
                        layer is null ? $"The GeoPackage '{path}' has no feature layer." : $"The GeoPackage '{path}' has no feature layer '{layer}'.", value: layer);
                }

                table = r.GetString(0);
                column = r.GetString(1);
                if (!r.IsDBNull(2) && string.Equals(r.GetString(2), "EPSG", StringComparison.OrdinalIgnoreCase) && !r.IsDBNull(3))
                {
                    epsg = r.GetInt32(3);
                }
            }

            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            var reader = new GeoPackageGeoReader();
            var features = new FeatureCollection();
            using var rows = select.ExecuteReader();
            while (rows.Read())
            {
                var attributes = new AttributesTable();
                NetTopologySuite.Geometries.Geometry? geometry = null;
                for (int i = 0; i < rows.FieldCount; i++)
                {
                    string name = rows.GetName(i);
                    if (string.Equals(name, column, StringComparison.OrdinalIgnoreCase))
                    {
                        geometry = rows.IsDBNull(i) ? null : reader.Read((byte[])rows.GetValue(i));
                    }
                    else if (name is PromptAttributes.PromptId or PromptAttributes.Label)
                    {
                        attributes.Add(name, rows.IsDBNull(i) ? null : rows.GetValue(i));
                    }
                }

                features.Add(new Feature(geometry, attributes));
            }

            return new PromptCollection(features, epsg == 4326 ? null : epsg);
        }
        catch (Exception ex) when (ex is SqliteException or ParseException or InvalidOperationException or ArgumentException or InvalidCastException)
        {
            throw new PromptValidationException(PromptValidationRule.Unreadable,
                string.Create(CultureInfo.InvariantCulture, $"The prompts GeoPackage '{path}' cannot be read: {ex.Message}"), value: path, innerException: ex);
        }
    }
}
