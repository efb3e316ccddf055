using System.Security.Cryptography;
using System.Text;

namespace SegmentS2.Output;

/// <summary>
/// Builds output file paths from untrusted ids (scene ids, prompt ids): only letters, digits, '.', '-'
/// and '_' survive, and the result is checked to stay inside the output folder.
/// </summary>
internal static class OutputPaths
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

    /// <summary>Longest stem <see cref="Stem"/> returns, so that a stem and any output suffix stay within <see cref="Sanitize"/>'s 120 characters.</summary>
    public const int MaxStemLength = 80;

    /// <summary>
    /// A file stem that is distinct for distinct ids: the id itself when it is safe and at most
    /// <see cref="MaxStemLength"/> characters, else its sanitised form cut short plus '_' and 8 hex digits of
    /// its SHA-256, so ids that sanitise alike (".." and ".", "a/b" and "a_b", long ids sharing a prefix) never
    /// share output files.
    /// </summary>
    public static string Stem(string id)
    {
        string safe = Sanitize(id);
        if (safe == id && id.Length <= MaxStemLength)
        {
            return id;
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)), 0, 4);
        return string.Concat(safe.AsSpan(0, Math.Min(safe.Length, MaxStemLength - 9)), "_", hash);
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
