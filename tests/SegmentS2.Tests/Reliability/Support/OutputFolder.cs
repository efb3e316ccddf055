using System.Security.Cryptography;

namespace SegmentS2.Tests.Reliability.Support;

/// <summary>What a run left in its output folder: SHA-256 of every file, and checks that nothing partial is there.</summary>
internal static class OutputFolder
{
    /// <summary>File name (relative to the folder) to SHA-256, for every file below the folder.</summary>
    public static SortedDictionary<string, string> Hashes(string folder)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return hashes;
        }

        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            using var stream = File.OpenRead(file);
            hashes[Path.GetRelativePath(folder, file)] = Convert.ToHexString(SHA256.HashData(stream));
        }

        return hashes;
    }

    /// <summary>No temporary or hidden files, and every file that is there equals the fault-free run's file of that name.</summary>
    public static void AssertNothingPartial(string folder, IReadOnlyDictionary<string, string> faultFree)
    {
        var hashes = Hashes(folder);
        Assert.DoesNotContain(hashes.Keys, name => name.EndsWith(".tmp", StringComparison.Ordinal) || Path.GetFileName(name).StartsWith('.'));
        foreach (var (name, hash) in hashes)
        {
            Assert.True(faultFree.TryGetValue(name, out var expected), $"unexpected file {name}");
            Assert.True(expected == hash, $"{name} differs from the fault-free run's");
        }
    }
}
