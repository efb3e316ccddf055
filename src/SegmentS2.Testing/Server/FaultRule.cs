namespace SegmentS2.Testing.Server;

/// <summary>
/// One planned failure: the <see cref="Times"/> requests to <see cref="Route"/> (whose path contains
/// <see cref="PathContains"/>, when set) after the first <see cref="AfterRequests"/> get <see cref="Kind"/>.
/// Every matching request counts towards <see cref="AfterRequests"/>, including ones another rule failed.
/// </summary>
/// <param name="Route">The route it applies to.</param>
/// <param name="Kind">The failure.</param>
public sealed record FaultRule(ServerRoute Route, FaultKind Kind)
{
    /// <summary>Only requests whose path contains this (ordinal) match; null matches all.</summary>
    public string? PathContains { get; init; }

    /// <summary>Matching requests let through before the failures start.</summary>
    public int AfterRequests { get; init; }

    /// <summary>How many matching requests fail. Default 1.</summary>
    public int Times { get; init; } = 1;

    /// <summary>The <c>Retry-After</c> of <see cref="FaultKind.TooManyRequests"/>. Default 1 s.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <see cref="FaultKind.Stall"/> waits. Default 30 s.</summary>
    public TimeSpan StallFor { get; init; } = TimeSpan.FromSeconds(30);
}
