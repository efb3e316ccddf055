namespace SegmentS2.Sam.Loading;

/// <summary>What a quick pass over an ONNX file's protobuf found.</summary>
/// <param name="IrVersion">The model's IR version.</param>
/// <param name="ExternalDataLocations">Distinct external data file locations its tensors refer to, in first-seen order.</param>
internal sealed record OnnxModelScan(long IrVersion, IReadOnlyList<string> ExternalDataLocations);
