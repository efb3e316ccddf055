namespace SegmentS2.Sentinel2.Validation;

/// <summary>A time range whose end is before its start.</summary>
public sealed class InvalidTimeRangeException : SegmentS2InputException
{
    /// <summary>Creates the exception for a range.</summary>
    public InvalidTimeRangeException(DateTimeOffset start, DateTimeOffset end)
        : base($"The time range ends ({end:O}) before it starts ({start:O}); give an end on or after the start.")
    {
        Start = start;
        End = end;
    }

    /// <summary>The start that was given.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The end that was given.</summary>
    public DateTimeOffset End { get; }
}
