namespace SegmentS2.Prompts;

/// <summary>Which rule a prompt file broke. Rules 1 to 5 are the reference's checks, in the order it runs them.</summary>
public enum PromptValidationRule
{
    /// <summary>The prompt file or stream cannot be read.</summary>
    Unreadable,

    /// <summary>The text is not JSON.</summary>
    MalformedJson,

    /// <summary>The JSON is not a GeoJSON FeatureCollection (no <c>"type": "FeatureCollection"</c> or no <c>features</c> array).</summary>
    NotAFeatureCollection,

    /// <summary>A member of <c>features</c> is not a readable GeoJSON Feature (for example a geometry with bad coordinates).</summary>
    InvalidFeature,

    /// <summary>The legacy <c>crs</c> member names no EPSG code we can read.</summary>
    InvalidCrs,

    /// <summary>The collection has no features.</summary>
    EmptyCollection,

    /// <summary>Rule 1: no feature has a <c>prompt_id</c> or a <c>label</c> property.</summary>
    MissingProperty,

    /// <summary>Rule 2: a geometry is not a Point or a Polygon (or is null).</summary>
    UnsupportedGeometry,

    /// <summary>Rule 3: a geometry has no coordinates.</summary>
    EmptyGeometry,

    /// <summary>Rule 3: a coordinate is NaN or infinite, a latitude is beyond 90 degrees, or it has no finite position in the raster's CRS.</summary>
    InvalidCoordinate,

    /// <summary>Rule 3: a prompt is not strictly within the ROI envelope (in the raster's CRS).</summary>
    OutsideRoi,

    /// <summary>Rule 4: a <c>prompt_id</c> is neither an integer nor a string, or is a string a mask band name cannot hold (control characters, unpaired surrogates).</summary>
    InvalidPromptId,

    /// <summary>Rule 4: a <c>label</c> is not the integer 0 or 1.</summary>
    InvalidLabel,

    /// <summary>Rule 5: a <c>prompt_id</c> has more than one box (Polygon).</summary>
    MultipleBoxes,

    /// <summary>The prompt file is neither GeoJSON nor a GeoPackage.</summary>
    UnsupportedFormat,
}
