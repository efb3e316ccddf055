using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SegmentS2.Cli;

/// <summary>
/// The CLI's log output: one line per event on the error stream, <c>warn: Category: message</c>; Polly's own retry events only with --verbose (SegmentS2 logs each retry once). An exception attached to
/// an event (Polly's retry warnings carry the <see cref="HttpRequestException"/> that caused them) adds its type and message
/// to the same line, without the stack trace; <see cref="CliVerbosity.Verbose"/> prints the full exception below the line.
/// </summary>
public sealed class CliLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _writer;
    private readonly CliVerbosity _verbosity;
    private readonly ConcurrentDictionary<string, Logger> _loggers = new(StringComparer.Ordinal);

    /// <summary>Creates the provider.</summary>
    /// <param name="writer">Where lines go (the error stream).</param>
    /// <param name="verbosity">Which events are printed, and how much of their exceptions.</param>
    public CliLoggerProvider(TextWriter writer, CliVerbosity verbosity)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _verbosity = verbosity;
    }

    /// <summary>The lowest level printed at a verbosity: Error when quiet, Warning normally, Debug when verbose.</summary>
    public static LogLevel MinimumLevel(CliVerbosity verbosity) => verbosity switch
    {
        CliVerbosity.Quiet => LogLevel.Error,
        CliVerbosity.Verbose => LogLevel.Debug,
        _ => LogLevel.Warning,
    };

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new Logger(this, name));

    /// <inheritdoc />
    public void Dispose()
    {
        _loggers.Clear();
    }

    /// <summary>The line printed for an event (without the verbose exception detail).</summary>
    public static string FormatLine(LogLevel level, string category, string message, Exception? exception)
    {
        string prefix = level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        string text = OneLine(message);
        if (exception is not null)
        {
            var innermost = exception;
            while (innermost.InnerException is not null && innermost is AggregateException or TaskCanceledException)
            {
                innermost = innermost.InnerException;
            }

            string reason = $"{innermost.GetType().Name}: {OneLine(innermost.Message)}";
            text = text.Contains(OneLine(innermost.Message), StringComparison.Ordinal) ? $"{text} ({innermost.GetType().Name})" : $"{text} ({reason})";
        }

        return $"{prefix}: {ShortCategory(category)}: {text}";
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // "Polly", "SegmentS2.Workflow.SegmentS2Workflow" -> "SegmentS2Workflow".
    private static string ShortCategory(string category)
    {
        int dot = category.LastIndexOf('.');
        return dot >= 0 && dot < category.Length - 1 ? category[(dot + 1)..] : category;
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        string line = FormatLine(level, category, message, exception);
        lock (_writer)
        {
            _writer.WriteLine(line);
            if (exception is not null && _verbosity == CliVerbosity.Verbose)
            {
                _writer.WriteLine(exception.ToString());
            }

            _writer.Flush();
        }
    }

    private sealed class Logger(CliLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        // Polly's own telemetry repeats each retry twice more (the attempt, the retry event), with the exception attached:
        // SegmentS2's resilience pipeline already logs one line per retry, so Polly's events show only with --verbose.
        private readonly LogLevel _minimum = provider._verbosity != CliVerbosity.Verbose && category.StartsWith("Polly", StringComparison.Ordinal)
            ? LogLevel.Error
            : MinimumLevel(provider._verbosity);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= _minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
