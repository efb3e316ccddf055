namespace SegmentS2.Cli;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its handler at once, on the reporting thread, one report at a time.
/// <see cref="Progress{T}"/> posts to the thread pool, so its lines could land after the summary or out of order.
/// </summary>
public sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public void Report(T value)
    {
        lock (_gate)
        {
            handler(value);
        }
    }
}
