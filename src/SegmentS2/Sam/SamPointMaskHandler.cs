namespace SegmentS2.Sam;

/// <summary>
/// Receives one single-point prompt's decoded mask from <see cref="ISamSession.DecodePointsAsync"/>: its predicted IoU and its
/// logits, chip height x width row-major, valid only during the call.
/// </summary>
/// <param name="pointIndex">The point's index in the list given to <see cref="ISamSession.DecodePointsAsync"/>.</param>
/// <param name="score">The decoder's predicted IoU for the mask.</param>
/// <param name="logits">The mask logits at the chip's size; foreground where the logit is above 0.</param>
public delegate void SamPointMaskHandler(int pointIndex, float score, ReadOnlySpan<float> logits);
