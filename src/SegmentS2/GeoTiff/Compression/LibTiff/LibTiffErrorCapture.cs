using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace SegmentS2.GeoTiff.Compression.LibTiff;

/// <summary>
/// LibTiff.NET reports most errors through its library-wide <see cref="TiffErrorHandler"/> (by
/// default, to the console) and a failed return value rather than an exception. This handler,
/// installed once, keeps the first error of the decode running on the current thread so that it
/// can be thrown as a <see cref="GeoTiffFormatException"/>; warnings are dropped. Messages raised
/// on threads that are not decoding a block go to the handler that was installed before.
/// </summary>
internal sealed class LibTiffErrorCapture : TiffErrorHandler
{
    private static readonly LibTiffErrorCapture Instance = new();

    [ThreadStatic]
    private static Scope? t_scope;

    private readonly TiffErrorHandler? _previous;

    private LibTiffErrorCapture()
    {
        _previous = Tiff.SetErrorHandler(this);
    }

    /// <summary>Starts capturing the errors raised on this thread until the scope is disposed.</summary>
    public static Scope Begin()
    {
        _ = Instance;
        var scope = new Scope(t_scope);
        t_scope = scope;
        return scope;
    }

    /// <inheritdoc />
    public override void ErrorHandler(Tiff tif, string method, string format, params object[] args)
    {
        if (t_scope is { } scope)
        {
            scope.FirstError ??= Format(method, format, args);
        }
        else
        {
            _previous?.ErrorHandler(tif, method, format, args);
        }
    }

    /// <inheritdoc />
    public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
        if (t_scope is null)
        {
            _previous?.ErrorHandlerExt(tif, clientData, method, format, args);
        }
    }

    /// <inheritdoc />
    public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
    {
        if (t_scope is null)
        {
            _previous?.WarningHandler(tif, method, format, args);
        }
    }

    /// <inheritdoc />
    public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
        if (t_scope is null)
        {
            _previous?.WarningHandlerExt(tif, clientData, method, format, args);
        }
    }

    private static string Format(string? method, string format, object[] args)
    {
        string message;
        try
        {
            message = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        }
        catch (FormatException)
        {
            message = format;
        }

        message = message.ReplaceLineEndings(" ").Trim();
        return string.IsNullOrEmpty(method) ? message : $"{method}: {message}";
    }

    /// <summary>The errors of one decode on one thread.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly Scope? _outer;

        internal Scope(Scope? outer)
        {
            _outer = outer;
        }

        /// <summary>The first error LibTiff.NET reported in this scope, or null.</summary>
        public string? FirstError { get; internal set; }

        /// <inheritdoc />
        public void Dispose() => t_scope = _outer;
    }
}
