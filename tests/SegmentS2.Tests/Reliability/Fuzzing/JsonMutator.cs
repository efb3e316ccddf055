using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SegmentS2.Tests.Reliability.Fuzzing;

/// <summary>
/// Seeded mutations of JSON documents: structural ones on the parsed tree (a value replaced by a hostile
/// one, a member dropped, renamed, duplicated, wrapped or swapped, numbers pushed to their limits) and,
/// on a share of inputs, textual ones on the serialised text (truncation, deleted or repeated spans,
/// stray tokens, deep nesting, invalid escapes). Deterministic for a seed.
/// </summary>
internal sealed class JsonMutator(int seed)
{
    private const string DeepMarker = "__segments2_fuzz_deep__";
    private const string RawMarker = "__segments2_fuzz_raw__";

    // Values that have broken parsers before: limits, wrong types, odd dates, path tricks, non-ASCII digits.
    private static readonly string[] HostileStrings =
    [
        "", " ", "null", "NaN", "Infinity", "-Infinity", "-1", "0", "1e999", "0x10", "1,5", "١٢٣", "R١٢٣", "_R١٢٣_",
        "S2A_MSIL2A_20190101T000001_R١١٦_T60VUK_20201007T214652", "S2B_MSIL2A_20230614T105619_R094_T31TCJ_X",
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-14:00", "2023-02-30T00:00:00Z",
        "2023-06-15", "2023-06-15T10:36:29", "1970-01-01T00:00:00Z", "tomorrow", "2023-06-15T10:36:29.1234567890123Z",
        "../../x", "..\\..\\x", "/etc/passwd", "C:\\Windows\\win.ini", "\0", "a\0b", "\u202e", "\u00a0", "🙂", "\t\r\n",
        "EPSG:4326", "EPSG:32631", "EPSG:99999", "EPSG:-1", "EPSG:", "urn:ogc:def:crs:EPSG::32631", "urn:ogc:def:crs:OGC:1.3:CRS84", "MGRS-31UDQ", "MGRS-",
        "https://x.blob.core.windows.net/c/a.tif", "http://[::1", "file:///etc/passwd", "javascript:alert(1)", "%00", "?sig=abc#frag", "st=1&se=2&sig=3",
        "https://evil.example/?sig=x", "image/tiff; application=geotiff", "text/html", "application/json", "FeatureCollection", "Feature", "Point",
        "Polygon", "MultiPolygon", "LineString", "GeometryCollection", "next", "self", "POST", "GET", "DELETE", "red", "B04", "B8A", "SCL", "R", "nir08",
        "sentinel-2-l2a", "sentinel-2a", "05.09", "04.00", "99.99", "-4.00", "4", "..",
    ];

    private static readonly string[] HostileJson =
    [
        "null", "true", "false", "0", "-0", "-0.0", "1", "-1", "2", "0.5", "1e308", "-1e308", "1.7976931348623157e308", "5e-324", "1e-400",
        "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "123456789012345678901234567890", "1E+2", "1.0", "{}", "[]", "[0]", "[[]]", "[null]", "[1,2]", "[1,2,3,4,5]",
        "[\"a\",\"b\"]", "[1e308,1e308]", "[-1e308,1e308]", "[[0,0]]", "[[[0,0],[1,1]]]", "[[]]", "[[[]]]", "{\"a\":{}}",
        "{\"type\":\"Point\",\"coordinates\":[]}", "{\"type\":\"Point\",\"coordinates\":[1,2,3,4,5]}", "{\"type\":\"Point\",\"coordinates\":[\"a\",\"b\"]}",
        "{\"type\":\"Point\"}", "{\"type\":\"Point\",\"coordinates\":null}", "{\"type\":\"Point\",\"coordinates\":[1e308,-1e308]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1]]]}", "{\"type\":\"Polygon\",\"coordinates\":[[]]}", "{\"type\":\"Polygon\",\"coordinates\":[]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,1],[1,1],[0,0]]]}", "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,2]]]}",
        "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]]]}", "{\"type\":\"LineString\",\"coordinates\":[[0,0]]}",
        "{\"type\":\"GeometryCollection\",\"geometries\":[]}", "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":[0,0]}]}",
        "{\"type\":\"Feature\"}", "{\"type\":\"Feature\",\"geometry\":null,\"properties\":null}", "{\"type\":\"FeatureCollection\",\"features\":[]}",
        "{\"rel\":\"next\",\"href\":\"/\"}", "{\"rel\":\"next\",\"href\":\"ftp://x/\"}", "{\"rel\":\"next\",\"href\":\"http://[::1\"}",
        "{\"rel\":\"next\",\"method\":\"POST\",\"href\":\"https://pc.test/api/stac/v1/search\",\"body\":{\"token\":\"t\"},\"merge\":true}",
        "{\"name\":\"B04\"}", "[{\"name\":\"B04\"},{\"name\":\"B03\"}]", "[{\"scale\":1e308,\"offset\":-1e308}]", "[{\"scale\":\"x\"}]",
        "{\"href\":\"\"}", "{\"href\":\"relative.tif\",\"type\":\"image/tiff\"}", "{\"href\":\"https://x.blob.core.windows.net/a/b.tif\",\"type\":\"text/plain\"}",
    ];

    private static readonly string[] TextFragments =
    [
        ",", "}", "]", "{", "[", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00\\ud800", "\\u0000", "null", "1e400", "-", "NaN", "\uFEFF", " ", "/* */", "//", "'",
        "\u0000", "\u001f", "\u2028", "Infinity", "tru", "0x1", "01", ".5", "1.", "--1", "\"\":", "{\"\":", "]]]]", "}}}}",
    ];

    private readonly Random _rng = new(seed);

    public Random Random => _rng;

    /// <summary>A mutated copy of <paramref name="document"/> as JSON text; <paramref name="textual"/> false keeps it valid JSON.</summary>
    public string Mutate(JsonNode document, bool textual = true, int maxEdits = 4)
    {
        var root = document.DeepClone();
        int edits = 1 + _rng.Next(maxEdits);
        for (int i = 0; i < edits; i++)
        {
            root = MutateTree(root);
        }

        string text = Serialize(root);
        return textual && _rng.NextDouble() < 0.25 ? MutateText(text) : text;
    }

    /// <summary>A mutated copy of <paramref name="document"/> as UTF-8 bytes, sometimes with bytes that are not UTF-8.</summary>
    public byte[] MutateBytes(JsonNode document)
    {
        var bytes = Encoding.UTF8.GetBytes(Mutate(document));
        if (bytes.Length > 0 && _rng.NextDouble() < 0.1)
        {
            int n = 1 + _rng.Next(4);
            for (int i = 0; i < n; i++)
            {
                bytes[_rng.Next(bytes.Length)] = (byte)(_rng.NextDouble() < 0.5 ? 0xFF : _rng.Next(256));
            }
        }

        return bytes;
    }

    private JsonNode? MutateTree(JsonNode? root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0)
        {
            return Hostile();
        }

        // Prefer leaves and small subtrees: they carry the values parsers interpret.
        var target = nodes[_rng.Next(nodes.Count)];
        var replacement = _rng.Next(12) switch
        {
            0 or 1 or 2 => Hostile(),
            3 => PerturbNumber(target),
            4 => Retype(target),
            5 => new JsonArray(target.DeepClone()),
            6 => new JsonObject { ["value"] = target.DeepClone() },
            7 => nodes[_rng.Next(nodes.Count)].DeepClone(),
            8 => JsonValue.Create(DeepMarker + _rng.Next(20, 400).ToString(CultureInfo.InvariantCulture)),
            9 => LongValue(),
            _ => null,
        };

        if (replacement is null && target.Parent is not null)
        {
            // Remove, rename or duplicate a member.
            return EditContainer(root, target);
        }

        if (target.Parent is null)
        {
            return replacement;
        }

        Replace(target, replacement);
        return root;
    }

    private JsonNode? EditContainer(JsonNode? root, JsonNode target)
    {
        switch (target.Parent)
        {
            case JsonObject obj:
                string name = target.GetPropertyName();
                int op = _rng.Next(3);
                obj.Remove(name);
                if (op == 1)
                {
                    string renamed = _rng.Next(4) switch
                    {
                        0 => name.ToUpperInvariant(),
                        1 => name + " ",
                        2 => "",
                        _ => name[..(name.Length / 2)],
                    };
                    obj[renamed] = target;
                }
                else if (op == 2)
                {
                    obj[name] = target;
                    obj[name + "_" + _rng.Next(10).ToString(CultureInfo.InvariantCulture)] = target.DeepClone();
                }

                break;
            case JsonArray array:
                int index = target.GetElementIndex();
                switch (_rng.Next(4))
                {
                    case 0:
                        array.RemoveAt(index);
                        break;
                    case 1:
                        array.Insert(index, target.DeepClone());
                        break;
                    case 2:
                        array.Clear();
                        break;
                    default:
                        int copies = target is JsonValue ? _rng.Next(2, 2000) : _rng.Next(2, 8);
                        for (int i = 0; i < copies; i++)
                        {
                            array.Add(target.DeepClone());
                        }

                        break;
                }

                break;
        }

        return root;
    }

    private static void Replace(JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject obj:
                obj[target.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = replacement;
                break;
        }
    }

    private JsonNode? Hostile()
    {
        if (_rng.NextDouble() < 0.45)
        {
            return JsonValue.Create(HostileStrings[_rng.Next(HostileStrings.Length)]);
        }

        return JsonNode.Parse(HostileJson[_rng.Next(HostileJson.Length)]);
    }

    private JsonNode? PerturbNumber(JsonNode target)
    {
        if (target is not JsonValue value || value.GetValueKind() != JsonValueKind.Number
            || !double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            return Hostile();
        }

        double result = _rng.Next(8) switch
        {
            0 => -d,
            1 => d + 1,
            2 => d - 1,
            3 => d * 1e6,
            4 => d / 1e6,
            5 => d + 0.5,
            6 => Math.BitIncrement(d),
            _ => d * 1e300,
        };
        return double.IsFinite(result) ? JsonValue.Create(result) : JsonValue.Create(RawMarker + "1e400");
    }

    private JsonNode? Retype(JsonNode target) => target switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(v.ToJsonString()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            => JsonValue.Create(d),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(v.GetValue<string>().Length),
        JsonArray a => new JsonObject { ["0"] = a.Count > 0 ? a[0]?.DeepClone() : null },
        JsonObject => new JsonArray(),
        _ => Hostile(),
    };

    private JsonNode LongValue() => _rng.Next(3) switch
    {
        0 => JsonValue.Create(new string('A', _rng.Next(1000, 100_000))),
        1 => new JsonArray(Enumerable.Range(0, _rng.Next(1000, 20_000)).Select(i => (JsonNode?)JsonValue.Create(i * 0.5)).ToArray()),
        _ => JsonValue.Create(string.Concat(Enumerable.Repeat("../", _rng.Next(10, 2000)))),
    };

    private string MutateText(string text)
    {
        var sb = new StringBuilder(text);
        int edits = 1 + _rng.Next(3);
        for (int e = 0; e < edits; e++)
        {
            int at = sb.Length == 0 ? 0 : _rng.Next(sb.Length);
            switch (_rng.Next(6))
            {
                case 0:
                    sb.Length = at;
                    break;
                case 1:
                    sb.Remove(at, Math.Min(sb.Length - at, 1 + _rng.Next(40)));
                    break;
                case 2:
                    int len = Math.Min(sb.Length - at, 1 + _rng.Next(200));
                    sb.Insert(at, sb.ToString(at, len));
                    break;
                case 3:
                    sb.Insert(at, TextFragments[_rng.Next(TextFragments.Length)]);
                    break;
                case 4:
                    if (sb.Length > 0)
                    {
                        sb[Math.Min(at, sb.Length - 1)] = (char)_rng.Next(0, 0x80);
                    }

                    break;
                default:
                    int depth = _rng.Next(50, 2000);
                    sb.Insert(at, new string('[', depth) + new string(']', _rng.Next(2) == 0 ? depth : depth / 2));
                    break;
            }
        }

        return sb.ToString();
    }

    private static string Serialize(JsonNode? root)
    {
        string text = root?.ToJsonString() ?? "null";
        if (!text.Contains("__segments2_fuzz_", StringComparison.Ordinal))
        {
            return text;
        }

        // Markers stand for text JsonNode cannot write: nesting deeper than its writer allows, numbers beyond double.
        var sb = new StringBuilder(text);
        int start;
        while ((start = sb.ToString().IndexOf("\"" + DeepMarker, StringComparison.Ordinal)) >= 0)
        {
            int end = sb.ToString().IndexOf('"', start + 1);
            int depth = int.Parse(sb.ToString(start + 1 + DeepMarker.Length, end - start - 1 - DeepMarker.Length), CultureInfo.InvariantCulture);
            sb.Remove(start, end - start + 1).Insert(start, new string('[', depth) + "0" + new string(']', depth));
        }

        while ((start = sb.ToString().IndexOf("\"" + RawMarker, StringComparison.Ordinal)) >= 0)
        {
            int end = sb.ToString().IndexOf('"', start + 1);
            string raw = sb.ToString(start + 1 + RawMarker.Length, end - start - 1 - RawMarker.Length);
            sb.Remove(start, end - start + 1).Insert(start, raw);
        }

        return sb.ToString();
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null)
        {
            return;
        }

        into.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, into);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, into);
                }

                break;
        }
    }
}
