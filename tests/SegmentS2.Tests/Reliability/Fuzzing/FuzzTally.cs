using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace SegmentS2.Tests.Reliability.Fuzzing;

/// <summary>
/// Counts what a fuzzer's inputs did: accepted, or which exception type they raised. Only
/// <see cref="SegmentS2Exception"/> types (with a message) are allowed; anything else is kept with the
/// input that raised it, so the failure names the input to replay.
/// </summary>
internal sealed class FuzzTally(string parser)
{
    private readonly SortedDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly List<string> _unexpected = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _slowest;

    public int Inputs { get; private set; }

    public int Accepted => _outcomes.GetValueOrDefault("accepted");

    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    public void Run(int iteration, string input, Action action) =>
        RunAsync(iteration, input, () =>
        {
            action();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    public async Task RunAsync(int iteration, string input, Func<Task> action)
    {
        var sw = Stopwatch.StartNew();
        Exception? failure = null;
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        Record(iteration, input, failure, sw.Elapsed);
    }

    public void Record(int iteration, string input, Exception? failure, TimeSpan elapsed)
    {
        Inputs++;
        _slowest = elapsed > _slowest ? elapsed : _slowest;
        string key = failure is null ? "accepted" : failure.GetType().Name;
        _outcomes[key] = _outcomes.GetValueOrDefault(key) + 1;
        if (failure is not null && (failure is not SegmentS2Exception || string.IsNullOrWhiteSpace(failure.Message)) && _unexpected.Count < 5)
        {
            string shown = input.Length <= 600 ? input : input[..600] + $"... ({input.Length} chars)";
            _unexpected.Add($"iteration {iteration}: {failure}\n  input: {shown}");
        }
    }

    /// <summary>Counts inputs that did not get an outcome of their own (pages a search followed).</summary>
    public void AddInputs(int count) => Inputs += Math.Max(0, count);

    public string Summary()
    {
        var sb = new StringBuilder();
        sb.Append(parser).Append(": ").Append(Inputs).Append(" inputs in ").Append(_clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))
            .Append(" s (slowest ").Append(_slowest.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).Append(" ms): ");
        sb.AppendJoin(", ", _outcomes.Select(o => $"{o.Key} {o.Value}"));
        return sb.ToString();
    }

    /// <summary>Logs the summary and fails on any unexpected exception type, on too few inputs, or on a slow input.</summary>
    public void AssertClean(ITestOutputHelper log, int expectedInputs, TimeSpan? slowestAllowed = null)
    {
        log.WriteLine(Summary());
        Assert.True(_unexpected.Count == 0, $"{parser}: unexpected exceptions\n{string.Join("\n", _unexpected)}");
        Assert.True(Inputs >= expectedInputs, $"{parser}: only {Inputs} of {expectedInputs} inputs tried");
        var limit = slowestAllowed ?? TimeSpan.FromSeconds(5);
        Assert.True(_slowest < limit, $"{parser}: one input took {_slowest.TotalMilliseconds:0} ms (limit {limit.TotalMilliseconds:0} ms)");
    }
}
