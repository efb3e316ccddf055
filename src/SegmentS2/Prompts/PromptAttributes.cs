using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;

namespace SegmentS2.Prompts;

/// <summary>
/// Reads <c>prompt_id</c> and <c>label</c> values with JSON's own typing: a number is an integer only when written
/// without a fraction or exponent (<c>1</c>, not <c>1.0</c> or <c>1e0</c>); booleans and numeric strings are not integers.
/// </summary>
internal static class PromptAttributes
{
    public const string PromptId = "prompt_id";
    public const string Label = "label";

    /// <summary>True when the feature has the property at all (even with a null value): the reference's "column exists".</summary>
    public static bool Has(IFeature feature, string name) => feature.Attributes is { } a && a.Exists(name);

    /// <summary>The property's value as the file wrote it, for messages.</summary>
    public static string Describe(IFeature feature, string name)
    {
        if (feature.Attributes is not { } attributes || !attributes.Exists(name))
        {
            return "missing";
        }

        if (attributes is JsonElementAttributesTable json && json.RootElement.TryGetProperty(name, out var element))
        {
            string raw = element.GetRawText();
            return raw.Length <= 80 ? raw : string.Concat(raw.AsSpan(0, 80), "...");
        }

        return attributes[name] switch
        {
            null => "null",
            string s => JsonSerializer.Serialize(s),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString() ?? "null",
        };
    }

    /// <summary>An integer (JSON integer literal or a CLR integer type in the int64 range), or a string; null otherwise.</summary>
    public static (long? Integer, string? Text) ReadId(IFeature feature)
    {
        if (feature.Attributes is not { } attributes || !attributes.Exists(PromptId))
        {
            return (null, null);
        }

        if (attributes is JsonElementAttributesTable json && json.RootElement.TryGetProperty(PromptId, out var element))
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => (null, element.GetString()),
                JsonValueKind.Number when TryGetJsonInteger(element, out long v) => (v, null),
                _ => (null, null),
            };
        }

        return attributes[PromptId] switch
        {
            string s => (null, s),
            JsonElement e when e.ValueKind == JsonValueKind.String => (null, e.GetString()),
            JsonElement e when e.ValueKind == JsonValueKind.Number && TryGetJsonInteger(e, out long v) => (v, null),
            var value => TryGetClrInteger(value, out long v) ? (v, null) : (null, null),
        };
    }

    /// <summary>The label when it is the integer 0 or 1; null otherwise.</summary>
    public static int? ReadLabel(IFeature feature)
    {
        if (feature.Attributes is not { } attributes || !attributes.Exists(Label))
        {
            return null;
        }

        long value;
        if (attributes is JsonElementAttributesTable json && json.RootElement.TryGetProperty(Label, out var element))
        {
            if (element.ValueKind != JsonValueKind.Number || !TryGetJsonInteger(element, out value))
            {
                return null;
            }
        }
        else if (attributes[Label] is JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Number || !TryGetJsonInteger(e, out value))
            {
                return null;
            }
        }
        else if (!TryGetClrInteger(attributes[Label], out value))
        {
            return null;
        }

        return value is 0 or 1 ? (int)value : null;
    }

    private static bool TryGetJsonInteger(JsonElement number, out long value)
    {
        string raw = number.GetRawText();
        value = 0;
        return raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && number.TryGetInt64(out value);
    }

    private static bool TryGetClrInteger(object? value, out long result)
    {
        switch (value)
        {
            case int i: result = i; return true;
            case long l: result = l; return true;
            case short s: result = s; return true;
            case sbyte sb: result = sb; return true;
            case byte b: result = b; return true;
            case ushort us: result = us; return true;
            case uint ui: result = ui; return true;
            case ulong ul when ul <= long.MaxValue: result = (long)ul; return true;
            default: result = 0; return false;
        }
    }
}
