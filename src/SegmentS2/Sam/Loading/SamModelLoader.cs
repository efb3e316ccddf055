using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace SegmentS2.Sam.Loading;

/// <summary>
/// Opens one model as an ONNX Runtime session after checking, with messages that name the file,
/// that it exists, is an ONNX model and has its external data files where ONNX Runtime will look.
/// </summary>
internal static class SamModelLoader
{
    /// <summary>ONNX Runtime's session option for external data of a model loaded from memory.</summary>
    private const string ExternalDataFolderKey = "session.model_external_initializers_file_folder_path";

    private const int HashBufferSize = 1 << 20;

    /// <summary>Opens the model; computes its content hash (model plus external data files) when asked.</summary>
    public static (InferenceSession Session, string? Hash) Load(SamModelSource source, Func<SessionOptions> createOptions, bool hash, ILogger logger)
    {
        var scan = ScanModel(source);
        var externalFiles = ResolveExternalData(source, scan);
        using var options = createOptions();
        if (source.Bytes is not null && externalFiles.Count > 0)
        {
            options.AddSessionConfigEntry(ExternalDataFolderKey, source.ExternalDataDirectory!);
        }

        // Hashing a ViT encoder (hundreds of MB) runs on another core while ONNX Runtime builds the session.
        var hashing = hash ? Task.Run<string?>(() => Hash(source, externalFiles)) : Task.FromResult<string?>(null);
        InferenceSession session;
        try
        {
            session = source.FilePath is { } path ? new InferenceSession(path, options) : new InferenceSession(source.Bytes!, options);
        }
        catch (OnnxRuntimeException e)
        {
            Observe(hashing);
            throw new SamModelLoadException(source.Name, $"ONNX Runtime could not load model '{source.Name}': {e.Message}", e);
        }
        catch
        {
            Observe(hashing);
            throw;
        }

        try
        {
            var modelHash = hashing.GetAwaiter().GetResult();
            logger.LogDebug("Loaded ONNX model {Model} (IR {IrVersion}, {ExternalCount} external data files)", source.Name, scan.IrVersion, externalFiles.Count);
            return (session, modelHash);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Dispose();
            throw new SamModelLoadException(source.Name, $"Model '{source.Name}' could not be read to hash it: {e.Message}", e);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    // The session failed first: wait for the hash so no read outlives the call, and drop its result or error.
    private static void Observe(Task<string?> hashing)
    {
        try
        {
            hashing.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static OnnxModelScan ScanModel(SamModelSource source)
    {
        try
        {
            if (source.FilePath is { } path)
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                return OnnxModelScanner.Scan(file);
            }

            using var memory = new MemoryStream(source.Bytes!, writable: false);
            return OnnxModelScanner.Scan(memory);
        }
        catch (OnnxModelFormatException e)
        {
            throw new SamModelLoadException(source.Name, $"'{source.Name}' is not an ONNX model: {e.Message}.", e);
        }
        catch (FileNotFoundException e)
        {
            throw new SamModelLoadException(source.Name, $"Model file '{source.FilePath}' does not exist.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new SamModelLoadException(source.Name, $"Model file '{source.FilePath}' does not exist (its directory is missing).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SamModelLoadException(source.Name, $"Model file '{source.FilePath}' cannot be read: {e.Message}", e);
        }
    }

    private static List<string> ResolveExternalData(SamModelSource source, OnnxModelScan scan)
    {
        var files = new List<string>(scan.ExternalDataLocations.Count);
        foreach (var location in scan.ExternalDataLocations)
        {
            if (source.ExternalDataDirectory is not { } directory)
            {
                throw new SamExternalDataNotFoundException(source.Name, location, null);
            }

            var full = Path.GetFullPath(Path.Combine(directory, location));
            if (!File.Exists(full))
            {
                throw new SamExternalDataNotFoundException(source.Name, location, full);
            }

            files.Add(full);
        }

        return files;
    }

    private static string Hash(SamModelSource source, IReadOnlyList<string> externalFiles)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (source.FilePath is { } path)
        {
            Append(hash, path);
        }
        else
        {
            hash.AppendData(source.Bytes!);
        }

        foreach (var file in externalFiles)
        {
            Append(hash, file);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string path)
    {
        var buffer = new byte[HashBufferSize];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }
}
