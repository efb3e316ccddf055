namespace SegmentS2.Sam;

/// <summary>Which of SAM's two models a setting or message concerns.</summary>
public enum SamModelRole
{
    /// <summary>The image encoder (chip tensor to embedding).</summary>
    Encoder,

    /// <summary>The prompt encoder and mask decoder (embedding and prompts to mask logits).</summary>
    Decoder,
}
