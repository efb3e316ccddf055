using System.CommandLine;
using SegmentS2.GeoTiff;

namespace SegmentS2.Cli;

/// <summary>Runs a command body and turns any failure into one line on stderr and a non-zero exit code.</summary>
public static class CommandErrors
{
    /// <summary>Exit code of a command that failed.</summary>
    public const int FailureExitCode = 1;

    /// <summary>Runs <paramref name="body"/>; on an exception prints <c>segment-s2: error: ...</c> (no stack trace) and returns 1.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, Func<TextWriter, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        try
        {
            return await body(output, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"segment-s2: error: {Describe(ex)}").ConfigureAwait(false);
            return FailureExitCode;
        }
    }

    /// <summary>The one-line reason for a failure.</summary>
    public static string Describe(Exception ex)
    {
        string kind = ex switch
        {
            UnsupportedGeoTiffException => "unsupported GeoTIFF: ",
            GeoTiffFormatException => "invalid GeoTIFF: ",
            FileNotFoundException or DirectoryNotFoundException => "not found: ",
            HttpRequestException or SegmentS2.GeoTiff.Http.HttpRangeException => "HTTP request failed: ",
            _ => string.Empty,
        };
        string message = ex is ArgumentException { ParamName: not null } arg
            ? arg.Message.Replace($" (Parameter '{arg.ParamName}')", string.Empty, StringComparison.Ordinal)
            : ex.Message;
        return kind + string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
