using System.Text;

namespace SegmentS2.Prompts;

/// <summary>Reads a prompt file by what it holds: a GeoPackage (SQLite header) or GeoJSON (a JSON object), else a clear refusal.</summary>
internal static class PromptFile
{
    /// <summary>The formats a prompt file may have, for messages.</summary>
    public const string AcceptedFormats =
        "a GeoJSON FeatureCollection or a GeoPackage whose first feature layer holds Point and Polygon features, each with prompt_id and label";

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    /// <summary>Reads the prompts of <paramref name="path"/>.</summary>
    /// <exception cref="PromptValidationException">The file cannot be read, is of another format, or breaks a prompt rule; the message names the file.</exception>
    public static async Task<PromptCollection> ReadAsync(IPromptEncoder encoder, string path, CancellationToken cancellationToken)
    {
        var head = new byte[64];
        int read;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new PromptValidationException(PromptValidationRule.Unreadable, $"The prompt file '{path}' cannot be read: {e.Message}", value: path, innerException: e);
        }

        var bytes = head.AsSpan(0, read);
        if (bytes.StartsWith(SqliteHeader))
        {
            return GeoPackagePromptReader.Read(path);
        }

        if (!LooksLikeJsonObject(bytes))
        {
            string start = read == 0 ? "it is empty" : $"it starts with {Describe(bytes[..Math.Min(8, read)])}";
            throw new PromptValidationException(PromptValidationRule.UnsupportedFormat,
                $"The prompt file '{path}' is neither GeoJSON nor a GeoPackage ({start}). Give {AcceptedFormats}.", value: path);
        }

        try
        {
            return await encoder.ReadGeoJsonFileAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (PromptValidationException e) when (e.Rule is PromptValidationRule.MalformedJson or PromptValidationRule.NotAFeatureCollection)
        {
            string what = e.Rule == PromptValidationRule.MalformedJson ? $"is not valid JSON: {e.InnerException?.Message ?? e.Message}" : $"is not a GeoJSON FeatureCollection: {e.Message}";
            throw new PromptValidationException(e.Rule, $"The prompt file '{path}' {what} Give {AcceptedFormats}.", value: e.Value, innerException: e);
        }
    }

    // A JSON object after an optional UTF-8 byte order mark and white space.
    private static bool LooksLikeJsonObject(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        int i = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        return i >= 0 && bytes[i] == (byte)'{';
    }

    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes)
        {
            text.Append(text.Length == 0 ? "" : " ").Append("0x").Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
