using System.Text;

namespace SegmentS2.Output;

/// <summary>
/// Builds output file paths from untrusted ids (scene ids, prompt ids): only letters, digits, '.', '-'
/// and '_' survive, and the result is checked to stay inside the output folder.
/// </summary>
public static class OutputPaths
{
    /// <summary>A file-name-safe form of an id: other characters become '_', no leading dots, at most 120 characters.</summary>
    public static string Sanitize(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var sb = new StringBuilder(Math.Min(id.Length, 120));
        foreach (char ch in id)
        {
            if (sb.Length == 120)
            {
                break;
            }

            sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_');
        }

        string s = sb.ToString().TrimStart('.');
        return s.Length == 0 ? "_" : s;
    }

    /// <summary>The full path of <paramref name="fileName"/> inside <paramref name="directory"/>; throws when it would leave it.</summary>
    public static string Combine(string directory, string fileName)
    {
        string root = Path.GetFullPath(directory);
        string full = Path.GetFullPath(Path.Combine(root, Sanitize(fileName)));
        string rootWithSep = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSep, StringComparison.Ordinal))
        {
            throw new SegmentS2Exception($"The output name '{fileName}' would be written outside the output folder '{root}'.");
        }

        return full;
    }
}
