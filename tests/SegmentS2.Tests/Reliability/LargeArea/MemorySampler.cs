using System.Diagnostics;

namespace SegmentS2.Tests.Reliability.LargeArea;

/// <summary>
/// Samples the process's working set and managed heap every 20 ms on a background thread, keeping the
/// highest values; <see cref="Process.PeakWorkingSet64"/> (the kernel's high-water mark) is read at the end too.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler()
    {
        // Earlier work in the same process leaves garbage and heap capacity behind; collect it so the baseline is
        // what is live, and the growth measured from it is the measured work's own.
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        BaselineWorkingSet = process.WorkingSet64;
        _loop = Task.Run(async () =>
        {
            using var p = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                p.Refresh();
                MaxWorkingSet = Math.Max(MaxWorkingSet, p.WorkingSet64);
                MaxManagedHeap = Math.Max(MaxManagedHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                string stage = Stage;
                _byStage[stage] = Math.Max(_byStage.GetValueOrDefault(stage), p.WorkingSet64);
                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _byStage = new();

    /// <summary>A label for what is running now; the highest working set is kept per label.</summary>
    public string Stage { get; set; } = "start";

    /// <summary>Highest sampled working set per <see cref="Stage"/>.</summary>
    public IReadOnlyDictionary<string, long> MaxWorkingSetByStage => _byStage;

    public long BaselineWorkingSet { get; }

    public long MaxWorkingSet { get; private set; }

    public long MaxManagedHeap { get; private set; }

    /// <summary>The process's peak working set since it started (VmHWM).</summary>
    public long PeakWorkingSet { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        using var process = Process.GetCurrentProcess();
        PeakWorkingSet = process.PeakWorkingSet64;
        MaxWorkingSet = Math.Max(MaxWorkingSet, process.WorkingSet64);
        _stop.Dispose();
    }

    public static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):0} MiB";
}
