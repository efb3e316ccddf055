"""Decoder weights that make SAM's mask decoder draw a compact blob around each point (tests only).

With fully random weights every decoded mask is a texture over the whole chip: every box is the chip, so
automatic segmentation's NMS and border rule decide nothing and a parity test of them proves little.
set_blob_decoder_weights() keeps the decoder's graph (the same modules, shapes and ONNX ops) and sets its
weights so that a positive point at q gives a mask that is a disc of about 150 px radius around q whose
edge follows the image embedding, with a predicted IoU that depends on the point:

  positions  the prompt encoder's Gaussian matrix holds 56 chosen frequencies, 7 per attention head
             (directions spread over half a turn, magnitudes about 0.8 cycles per half chip), and 72
             seeded random ones. A pixel's and a point's positional encodings then have a dot product,
             per head, that peaks where they coincide (a Bessel-like kernel, radius ~0.15 chip).
  tokens     the IoU, mask, padding and label tokens are orthogonal vectors ("identities") in the
             channels of the 72 random frequencies, so attention can find each one.
  block 0    self-attention: each token reads itself (values without the kernel's channels).
             image-to-token attention: each pixel's query is its embedding plus its positional encoding,
             restricted per head to that head's 7 frequencies; only the point token's key holds the
             point's encoding there, and an identity term sets the threshold. Each head's softmax over
             the 7 tokens thus switches the point token on near the point, and the point token's value
             adds a fixed direction D to the pixel's features. The embedding enters the same dot product,
             which is what makes the edges follow the image.
  block 1    self-attention: the IoU token reads the point token, so its output, and the IoU head's
             prediction, depend on the point's other frequencies. Every other residual update is zero.
  output     the upscaling reads D into channel 0 (and a small content readout into channel 1); constant
             channels keep LayerNorm2d nearly linear and GELU works in its linear range; each
             hypernetwork MLP outputs constants, so logit = 12 (D-component - threshold) + content.
  IoU head   its last layer is scaled to a spread of about 0.05 around 0.9.

Same seed, same weights. The constants were tuned on the Sentinel-2 test scene with vit_b and seed
20260101: at FarmVibes' default thresholds 42 % of a 16 x 16 grid's prompts pass (the IoU head's spread decides
most; stabilities at offset 1 lie around 0.97, with edges 12 logits per unit wide), and blobs of neighbouring
points overlap enough for the chip NMS to drop some (217 -> 186 on the parity test's two chips).
"""

from __future__ import annotations

import math

HEADS = 8
FREQUENCIES_PER_HEAD = 7  # 14 of a cross-attention head's 16 dimensions; one more carries the threshold
FREQUENCY = 0.8  # cycles per unit of SAM's [-1, 1] coordinates: a blob radius of about 0.15 chip
IDENTITY = 8.0  # norm of each token's identity vector
KERNEL_GAIN = 6.0  # scale of the pixel-point dot product inside the softmax
THRESHOLD = 1.2  # how much of the point token's identity lowers its logit: where the blob's edge falls
BLOB_GAIN = 0.35  # size of direction D added per head, so LayerNorm keeps the blob's profile
LOGIT_SCALE = 12.0
LOGIT_CUT = 9.0  # the D-component (after the upscaling's LayerNorm, x 10) where the mask's logit is 0
CONTENT = 0.3
IOU_CENTRE = 0.75  # the IoU head's bias; with the hidden layers' contribution scores centre on about 0.9
IOU_SPREAD = 0.05


def set_blob_decoder_weights(sam, seed: int) -> None:
    """Sets sam's prompt encoder and mask decoder weights in place (module docstring); same seed, same weights."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    prompt = sam.prompt_encoder
    decoder = sam.mask_decoder
    transformer = decoder.transformer
    embed = prompt.embed_dim
    half = embed // 2  # channel i is sin of frequency i, channel half + i its cos
    kernel_frequencies = HEADS * FREQUENCIES_PER_HEAD

    def zero(linear) -> None:
        linear.weight.zero_()
        linear.bias.zero_()

    with torch.no_grad():
        gaussian = torch.randn(2, half, generator=generator)
        for h in range(HEADS):
            magnitude = FREQUENCY * (1 + 0.04 * (h - (HEADS - 1) / 2))
            for j in range(FREQUENCIES_PER_HEAD):
                angle = math.pi * (j + h / HEADS) / FREQUENCIES_PER_HEAD
                gaussian[:, FREQUENCIES_PER_HEAD * h + j] = torch.tensor([magnitude * math.cos(angle), magnitude * math.sin(angle)])
        prompt.pe_layer.positional_encoding_gaussian_matrix.copy_(gaussian)

        # Identities live in the channels of the frequencies the kernel does not use.
        free = [c for i in range(kernel_frequencies, half) for c in (i, half + i)]
        names = ["iou", "mask0", "mask1", "mask2", "mask3", "pad", "positive", "negative", "corner0", "corner1"]
        basis, _ = torch.linalg.qr(torch.randn(len(free), len(names), generator=generator, dtype=torch.float64))
        identity = {}
        for k, name in enumerate(names):
            v = torch.zeros(embed)
            v[free] = basis[:, k].float()
            identity[name] = v
        decoder.iou_token.weight[0] = IDENTITY * identity["iou"]
        for k in range(decoder.num_mask_tokens):
            decoder.mask_tokens.weight[k] = IDENTITY * identity[f"mask{k}"]
        prompt.not_a_point_embed.weight[0] = IDENTITY * identity["pad"]
        for k, name in enumerate(["negative", "positive", "corner0", "corner1"]):
            prompt.point_embeddings[k].weight[0] = IDENTITY * identity[name]
        prompt.no_mask_embed.weight.zero_()

        first, second = transformer.layers
        free_only = torch.zeros(embed, embed)
        free_only[free, free] = 1.0

        # Block 0 self-attention (no residual): each token reads itself, without the kernel's channels.
        attention = first.self_attn
        for linear in (attention.q_proj, attention.k_proj, attention.v_proj, attention.out_proj):
            zero(linear)
        head_dim = attention.internal_dim // HEADS
        for h in range(HEADS):
            for j, name in enumerate(names):
                attention.k_proj.weight[head_dim * h + j] = identity[name]
                attention.q_proj.weight[head_dim * h + j] = identity[name]
        attention.v_proj.weight.copy_(free_only)
        attention.out_proj.weight.copy_(torch.eye(embed))
        zero(first.cross_attn_token_to_image.out_proj)
        zero(first.mlp.lin2)

        # Block 0 image-to-token attention: the positional kernel between each pixel and the point.
        attention = first.cross_attn_image_to_token
        for linear in (attention.q_proj, attention.k_proj, attention.v_proj, attention.out_proj):
            zero(linear)
        head_dim = attention.internal_dim // HEADS
        direction = torch.randn(embed, generator=generator)
        direction /= direction.norm()
        for h in range(HEADS):
            for j in range(FREQUENCIES_PER_HEAD):
                i = FREQUENCIES_PER_HEAD * h + j
                attention.q_proj.weight[head_dim * h + 2 * j, i] = KERNEL_GAIN
                attention.q_proj.weight[head_dim * h + 2 * j + 1, half + i] = KERNEL_GAIN
                attention.k_proj.weight[head_dim * h + 2 * j, i] = 1.0
                attention.k_proj.weight[head_dim * h + 2 * j + 1, half + i] = 1.0
            threshold = head_dim * h + 2 * FREQUENCIES_PER_HEAD
            attention.q_proj.bias[threshold] = 1.0
            attention.k_proj.weight[threshold] = -THRESHOLD * identity["positive"]
            attention.v_proj.weight[head_dim * h] = identity["positive"]
            attention.out_proj.weight[:, head_dim * h] = BLOB_GAIN * direction

        # Block 1 self-attention (residual): the IoU token reads the point token; nothing else updates.
        attention = second.self_attn
        for linear in (attention.q_proj, attention.k_proj, attention.v_proj, attention.out_proj):
            zero(linear)
        head_dim = attention.internal_dim // HEADS
        for h in range(HEADS):
            attention.k_proj.weight[head_dim * h] = identity["positive"]
            attention.q_proj.weight[head_dim * h] = identity["iou"]
        attention.v_proj.weight.copy_(free_only)
        attention.out_proj.weight.copy_(torch.eye(embed))
        for attention in (second.cross_attn_token_to_image, second.cross_attn_image_to_token, transformer.final_attn_token_to_image):
            zero(attention.out_proj)
        zero(second.mlp.lin2)

        # Output: channel 0 reads D, channel 1 a little content; constant channels keep LayerNorm2d near linear.
        up, norm, up2 = decoder.output_upscaling[0], decoder.output_upscaling[1], decoder.output_upscaling[3]
        zero(up)
        up.weight[:, 0] = direction[:, None, None]
        up.weight[:, 1] = torch.randn(embed, 2, 2, generator=generator) * CONTENT / math.sqrt(embed)
        constants = up.bias.numel() - 2
        up.bias[2:] = 10.0 * torch.tensor([1.0, -1.0]).repeat(constants // 2)
        bias = 20.0  # keeps both channels where GELU is the identity
        norm.weight.zero_()
        norm.bias.zero_()
        norm.weight[:2] = 10.0
        norm.bias[:2] = bias
        zero(up2)
        up2.weight[0, 0] = 1.0
        up2.weight[1, 1] = 1.0
        up2.bias[2] = 1.0  # GELU(1) = 0.8413447: the constant the threshold is expressed in
        for mlp in decoder.output_hypernetworks_mlps:
            last = mlp.layers[-1]
            zero(last)
            last.bias[0] = LOGIT_SCALE
            last.bias[1] = 1.0
            last.bias[2] = -(LOGIT_SCALE * (bias + LOGIT_CUT) + bias) / 0.8413447

        last = decoder.iou_prediction_head.layers[-1]
        last.weight.mul_(IOU_SPREAD / last.weight.std())
        last.bias.fill_(IOU_CENTRE)
