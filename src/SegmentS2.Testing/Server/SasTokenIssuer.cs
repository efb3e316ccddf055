using System.Collections.Concurrent;
using System.Globalization;

namespace SegmentS2.Testing.Server;

/// <summary>Issues SAS-like tokens (<c>st=...&amp;se=...&amp;sig=...</c>) and checks them on blob reads.</summary>
internal sealed class SasTokenIssuer
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private int _issued;

    public int Issued => Volatile.Read(ref _issued);

    public (string Token, DateTimeOffset Expiry) Issue(string collection, TimeSpan lifetime)
    {
        int n = Interlocked.Increment(ref _issued);
        var now = DateTimeOffset.UtcNow;
        var expiry = now + lifetime;
        string sig = string.Create(CultureInfo.InvariantCulture, $"loopback{n:D6}{collection.GetHashCode(StringComparison.Ordinal) & 0xffff:x4}");
        _expiries[sig] = expiry;
        string token = string.Create(CultureInfo.InvariantCulture,
            $"st={Uri.EscapeDataString(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}&se={Uri.EscapeDataString(expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}&sp=rl&sv=2021-06-08&sr=c&sig={sig}");
        return (token, expiry);
    }

    /// <summary>Null when the signature is valid now, else why it is refused.</summary>
    public string? Check(string? sig)
    {
        if (string.IsNullOrEmpty(sig))
        {
            return "Server failed to authenticate the request. No signature (sig) given.";
        }

        if (!_expiries.TryGetValue(sig, out var expiry))
        {
            return "Server failed to authenticate the request. Signature did not match.";
        }

        return DateTimeOffset.UtcNow >= expiry ? "Signed expiry time has to be after signed start time. Signature not valid in the specified time frame." : null;
    }

    public void Expire(string sig) => _expiries[sig] = DateTimeOffset.MinValue;

    public void ExpireAll()
    {
        foreach (var key in _expiries.Keys)
        {
            _expiries[key] = DateTimeOffset.MinValue;
        }
    }
}
