using SegmentS2.Sam;
using SegmentS2.Testing.Models;

namespace SegmentS2.Tests.Sam;

/// <summary>A temporary directory holding the SAM-contract models the tests load; deleted afterwards.</summary>
public sealed class SamContractModels : IDisposable
{
    public SamContractModels()
    {
        Directory = Path.Combine(Path.GetTempPath(), "segment-s2-tests", "sam-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        NchwEncoder = Path.Combine(Directory, "encoder-x.onnx");
        HwcEncoder = Path.Combine(Directory, "encoder-input-image.onnx");
        Decoder = Path.Combine(Directory, "decoder.onnx");
        SamContractModelBuilder.WriteEncoder(NchwEncoder, SamEncoderLayout.NchwNormalized);
        SamContractModelBuilder.WriteEncoder(HwcEncoder, SamEncoderLayout.Hwc255);
        SamContractModelBuilder.WriteDecoder(Decoder);
    }

    public string Directory { get; }

    public string NchwEncoder { get; }

    public string HwcEncoder { get; }

    public string Decoder { get; }

    /// <summary>A fresh empty directory inside <see cref="Directory"/>.</summary>
    public string NewDirectory(string name)
    {
        var path = Path.Combine(Directory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public OnnxSamSession Open(SamSessionOptions? options = null, Microsoft.Extensions.Logging.ILogger? logger = null) => OnnxSamSession.Load(NchwEncoder, Decoder, options, logger);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by ONNX Runtime on some platforms; the temp folder is cleaned by the OS.
        }
    }
}
