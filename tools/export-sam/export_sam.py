#!/usr/bin/env python3
"""Export Segment Anything (SAM) or MobileSAM to the two ONNX models SegmentS2 loads.

Writes, into --output-dir:
  {model}_encoder.onnx   sam.image_encoder: input `x` float32 [batch, 3, 1024, 1024] (normalised NCHW),
                         output `image_embeddings` [batch, 256, 64, 64]
  {model}_decoder.onnx   the package's SamOnnxModel, single mask: inputs image_embeddings,
                         point_coords, point_labels, mask_input, has_mask_input, orig_im_size;
                         outputs masks, iou_predictions, low_res_masks
  {model}_export.json    what was exported (model type, weights, seed, opset, files, sizes)

This is the contract FarmVibes.AI's export produces and SegmentS2 detects (docs/models.md).

Model types: vit_b, vit_l, vit_h (segment-anything's ViT encoders) and mobile_sam (MobileSAM: the
mobile_sam package's TinyViT encoder, its registry's "vit_t", with SAM's own prompt encoder and mask
decoder; same embedding, same decoder contract).

Weights: --checkpoint FILE (sam_vit_b_01ec64.pth, sam_vit_l_0b3195.pth, sam_vit_h_4b8939.pth,
mobile_sam.pt) for the real model, or --random-weights --seed N for the real architecture with seeded
random weights (tests, benchmarks). TinyViT has BatchNorm layers, whose running statistics are 0 and 1
when nothing was trained; with random weights they are set from one forward pass over noise seeded by
the same N (calibrate_batchnorm), so the encoder responds to its input as a trained one does.
--decoder-weights blobs (with --random-weights) then sets the decoder so that each point gives a compact
blob whose edge follows the embedding (blob_decoder.py): the automatic segmentation parity test needs
masks that NMS can tell apart. The encoder's weights are the same either way.
build_sam() is the one place that builds the model: reference_masks.py rebuilds exactly the exported
weights through it (weights_sha256 in the manifest). vit_h's encoder (about 2.5 GB) is over protobuf's 2 GB limit and is always written with
its weights in one external data file, {model}_encoder.onnx.data, next to the model; --external-data
forces that layout for any model type (a cheap way to test the external-data path with vit_b).

Crop size: some segment-anything versions crop the decoder's masks with int(prepadded_size[...]),
which tracing freezes to the export's dummy size. This tool always traces with the 1024 x 1024
dummy SegmentS2's chips have and, when the installed SamOnnxModel has that int(), replaces its
mask_postprocessing by the tensor-sliced one of current segment-anything, so the crop follows
orig_im_size at run time.

Batch: the encoder's batch axis is dynamic. MobileSAM's TinyViT reads the batch size with len(x) in
PatchMerging, which tracing freezes to 1; the tool swaps in x.shape[0] (fix_dynamic_batch) first.

Needs: python3 with torch (1.13 or later), segment_anything (vit_*) or mobile_sam (mobile_sam) on
PYTHONPATH, and the `onnx` module for external data (Debian: python3-torch python3-onnx; the packages
from their repositories; mobile_sam imports timm).
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import sys
import tempfile
import time
import warnings

MODEL_TYPES = ("vit_b", "vit_l", "vit_h", "mobile_sam")
# model type -> (Python package, key of its sam_model_registry)
PACKAGES = {
    "vit_b": ("segment_anything", "vit_b"),
    "vit_l": ("segment_anything", "vit_l"),
    "vit_h": ("segment_anything", "vit_h"),
    "mobile_sam": ("mobile_sam", "vit_t"),
}
PROTOBUF_LIMIT = 2 * 1024**3
# How --random-weights sets the decoder: seeded random, or blob_decoder's compact blob per point.
DECODER_WEIGHTS = ("random", "blobs")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model-type", choices=MODEL_TYPES, required=True)
    p.add_argument("--output-dir", required=True)
    weights = p.add_mutually_exclusive_group(required=True)
    weights.add_argument("--checkpoint", help="SAM checkpoint (.pth) with real weights")
    weights.add_argument("--random-weights", action="store_true", help="seeded random weights (tests)")
    p.add_argument("--seed", type=int, default=0, help="seed for --random-weights (default 0)")
    p.add_argument("--decoder-weights", choices=DECODER_WEIGHTS, default="random",
                   help="with --random-weights: 'blobs' sets the decoder so each point gives a compact blob (blob_decoder.py)")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--external-data", action="store_true",
                   help="write the encoder's weights to an external data file even below 2 GB")
    p.add_argument("--skip-encoder", action="store_true", help="export the decoder only")
    p.add_argument("--threads", type=int, default=0, help="torch threads; 0 = torch's default")
    args = p.parse_args(argv)
    if args.checkpoint and not os.path.isfile(args.checkpoint):
        p.error(f"checkpoint '{args.checkpoint}' does not exist")
    if args.checkpoint and args.decoder_weights != "random":
        p.error("--decoder-weights blobs needs --random-weights")
    return args


def build_sam(model_type: str, checkpoint: str | None = None, seed: int = 0, decoder_weights: str = "random"):
    """The model export_sam.py exports and reference_masks.py rebuilds, in eval mode.

    With a checkpoint, the package's registry loads it. Without one, the weights are random: torch's
    global generator seeded with `seed` initialises them, then calibrate_batchnorm sets any BatchNorm
    statistics from noise seeded with the same `seed`; decoder_weights "blobs" then sets the prompt
    encoder and mask decoder by blob_decoder.set_blob_decoder_weights (the encoder is unchanged).
    Same arguments, same weights (weights_sha256).
    """
    import importlib

    import torch

    package, key = PACKAGES[model_type]
    registry = importlib.import_module(package).sam_model_registry
    if checkpoint is not None:
        return registry[key](checkpoint=checkpoint).eval()
    torch.manual_seed(seed)
    sam = registry[key](checkpoint=None)
    calibrate_batchnorm(sam.image_encoder, seed)
    if decoder_weights == "blobs":
        from blob_decoder import set_blob_decoder_weights

        set_blob_decoder_weights(sam, seed)
    elif decoder_weights != "random":
        raise ValueError(f"decoder_weights '{decoder_weights}' is not one of {DECODER_WEIGHTS}")
    return sam.eval()


def calibrate_batchnorm(encoder, seed: int, image_size: int = 1024) -> int:
    """Sets each BatchNorm's running mean and variance to its batch statistics over seeded noise. Returns how many.

    Untrained BatchNorm layers hold mean 0 and variance 1, which leaves TinyViT's activations at the
    wrong scale (the encoder then nearly ignores its input). One forward pass in train mode with
    momentum None (a cumulative average, so one batch gives exactly that batch's statistics) over
    standard normal noise [1, 3, image_size, image_size] from torch.Generator().manual_seed(seed) fixes
    them. The pass runs in float64 and the statistics are rounded to float32 after it, so the result does
    not depend on torch's thread count or summation order. eval() afterwards also rebuilds TinyViT's cached
    attention biases. Modules without BatchNorm (SAM's ViTs) are left untouched.
    """
    import torch

    norms = [m for m in encoder.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if not norms:
        return 0
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None
    noise = torch.randn(1, 3, image_size, image_size, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    encoder.double().train()
    with torch.no_grad():
        encoder(noise)
    encoder.float().eval()
    for m, momentum in zip(norms, momenta):
        m.momentum = momentum
    return len(norms)


def sam_onnx_model_class(model_type: str):
    """The package's SamOnnxModel (prompt encoder, mask decoder and mask post-processing in one module)."""
    import importlib

    return importlib.import_module(PACKAGES[model_type][0] + ".utils.onnx").SamOnnxModel


def fix_crop_size(sam_onnx_model_class) -> bool:
    """Replaces an int()-based mask crop (frozen by tracing) with tensor slicing. True when patched."""
    source = inspect.getsource(sam_onnx_model_class.mask_postprocessing)
    if "int(" not in source:
        return False

    import torch
    import torch.nn.functional as F

    def mask_postprocessing(self, masks: torch.Tensor, orig_im_size: torch.Tensor) -> torch.Tensor:
        masks = F.interpolate(masks, size=(self.img_size, self.img_size), mode="bilinear", align_corners=False)
        prepadded_size = self.resize_longest_image_size(orig_im_size, self.img_size).to(torch.int64)
        masks = masks[..., : prepadded_size[0], : prepadded_size[1]]
        orig_im_size = orig_im_size.to(torch.int64)
        h, w = orig_im_size[0], orig_im_size[1]
        return F.interpolate(masks, size=(h, w), mode="bilinear", align_corners=False)

    sam_onnx_model_class.mask_postprocessing = mask_postprocessing
    return True


def fix_dynamic_batch(model_type: str) -> bool:
    """Makes TinyViT's PatchMerging read the batch size with x.shape[0] instead of len(x). True when patched.

    Tracing records x.shape[0] as a graph operation but turns len(x) into the dummy's batch of 1, so the
    exported encoder would reshape a batch of 2 into one image of twice the channels and fail. Same
    arithmetic for every batch; only the traced graph changes.
    """
    if PACKAGES[model_type][0] != "mobile_sam":
        return False
    from mobile_sam.modeling.tiny_vit_sam import PatchMerging

    if "len(x)" not in inspect.getsource(PatchMerging.forward):
        return False

    def forward(self, x):
        if x.ndim == 3:
            H, W = self.input_resolution
            x = x.view(x.shape[0], H, W, -1).permute(0, 3, 1, 2)  # (B, C, H, W)
        x = self.act(self.conv1(x))
        x = self.act(self.conv2(x))
        x = self.conv3(x)
        return x.flatten(2).transpose(1, 2)

    PatchMerging.forward = forward
    return True


def export_encoder(sam, path: str, opset: int, external: bool) -> int:
    """Exports sam.image_encoder; returns the parameters of the modules the traced forward ran (the exported
    weights before constant folding; TinyViT's unused classification head is not among them)."""
    import torch

    called = set()
    hooks = [m.register_forward_hook(lambda module, _in, _out: called.add(module)) for m in sam.image_encoder.modules()]
    try:
        _export_encoder(sam, path, opset, external)
    finally:
        for h in hooks:
            h.remove()
    return sum(p.numel() for m in called for p in m.parameters(recurse=False))


def _export_encoder(sam, path: str, opset: int, external: bool) -> None:
    import torch

    dummy = torch.randn(1, 3, 1024, 1024)
    kwargs = dict(
        input_names=["x"],
        output_names=["image_embeddings"],
        dynamic_axes={"x": {0: "batch"}, "image_embeddings": {0: "batch"}},
        opset_version=opset,
        do_constant_folding=True,
    )
    if not external:
        with torch.no_grad():
            torch.onnx.export(sam.image_encoder, dummy, path, **kwargs)
        return

    # torch writes one file per tensor when a model needs external data (over 2 GB); below that it
    # writes one protobuf. Either way, re-save through `onnx` with all weights in one data file.
    import onnx

    with tempfile.TemporaryDirectory(dir=os.path.dirname(path)) as scratch:
        scratch_model = os.path.join(scratch, "encoder.onnx")
        with torch.no_grad():
            torch.onnx.export(sam.image_encoder, dummy, scratch_model, **kwargs)
        model = onnx.load(scratch_model, load_external_data=True)
        location = os.path.basename(path) + ".data"
        data_path = os.path.join(os.path.dirname(path), location)
        if os.path.exists(data_path):
            os.remove(data_path)  # onnx appends to an existing data file
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=location, size_threshold=1024)


def export_decoder(sam, model_type: str, path: str, opset: int) -> bool:
    import torch

    SamOnnxModel = sam_onnx_model_class(model_type)
    patched = fix_crop_size(SamOnnxModel)
    model = SamOnnxModel(sam, return_single_mask=True, use_stability_score=False, return_extra_metrics=False).eval()
    embed_dim = sam.prompt_encoder.embed_dim
    embed_size = sam.prompt_encoder.image_embedding_size
    mask_input_size = [4 * x for x in embed_size]
    dummy = {
        "image_embeddings": torch.randn(1, embed_dim, *embed_size, dtype=torch.float),
        "point_coords": torch.randint(low=0, high=1024, size=(1, 5, 2), dtype=torch.float),
        "point_labels": torch.randint(low=0, high=4, size=(1, 5), dtype=torch.float),
        "mask_input": torch.randn(1, 1, *mask_input_size, dtype=torch.float),
        "has_mask_input": torch.tensor([1], dtype=torch.float),
        # SegmentS2's chips are 1024 x 1024: trace with that size, never with a dummy crop.
        "orig_im_size": torch.tensor([1024, 1024], dtype=torch.float),
    }
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", category=UserWarning)
        torch.onnx.export(
            model,
            tuple(dummy.values()),
            path,
            export_params=True,
            verbose=False,
            opset_version=opset,
            do_constant_folding=True,
            input_names=list(dummy.keys()),
            output_names=["masks", "iou_predictions", "low_res_masks"],
            # A dynamic prompt axis, as FarmVibes exports it: automatic segmentation decodes points_per_batch prompts per call.
            dynamic_axes={"point_coords": {0: "batch_size", 1: "num_points"}, "point_labels": {0: "batch_size", 1: "num_points"}},
        )
    return patched


def weights_sha256(module) -> str:
    """SHA-256 over the state dict (names and float32 bytes, sorted by name): the same weights, the same sum."""
    h = hashlib.sha256()
    for name, tensor in sorted(module.state_dict().items()):
        h.update(name.encode())
        h.update(tensor.detach().contiguous().numpy().tobytes())
    return h.hexdigest()


def sha256_of(paths: list[str]) -> str:
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    import torch

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    os.makedirs(args.output_dir, exist_ok=True)
    started = time.monotonic()
    sam = build_sam(args.model_type, None if args.random_weights else args.checkpoint, args.seed, args.decoder_weights)
    built = time.monotonic()

    encoder_path = os.path.join(args.output_dir, f"{args.model_type}_encoder.onnx")
    decoder_path = os.path.join(args.output_dir, f"{args.model_type}_decoder.onnx")
    parameters = sum(p.numel() for p in sam.image_encoder.parameters())
    external = args.external_data or parameters * 4 >= PROTOBUF_LIMIT

    batchnorm_layers = sum(1 for m in sam.image_encoder.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm))
    encoder_seconds = 0.0
    traced_parameters = None
    batch_patched = False
    if not args.skip_encoder:
        batch_patched = fix_dynamic_batch(args.model_type)
        t = time.monotonic()
        traced_parameters = export_encoder(sam, encoder_path, args.opset, external)
        encoder_seconds = time.monotonic() - t
    t = time.monotonic()
    crop_patched = export_decoder(sam, args.model_type, decoder_path, args.opset)
    decoder_seconds = time.monotonic() - t

    files = {}
    for p in [encoder_path, encoder_path + ".data", decoder_path]:
        if os.path.exists(p) and not (args.skip_encoder and p.startswith(encoder_path)):
            files[os.path.basename(p)] = os.path.getsize(p)
    manifest = {
        "model_type": args.model_type,
        "weights": "random" if args.random_weights else os.path.basename(args.checkpoint),
        "seed": args.seed if args.random_weights else None,
        "decoder_weights": args.decoder_weights,
        "opset": args.opset,
        "encoder_external_data": external and not args.skip_encoder,
        "encoder_parameters": parameters,
        "encoder_parameters_traced": traced_parameters,
        "encoder_batchnorm_calibrated": batchnorm_layers if args.random_weights else 0,
        "encoder_batch_patched": batch_patched,
        "decoder_crop_patched": crop_patched,
        "files": files,
        "decoder_sha256": sha256_of([decoder_path]),
        "weights_sha256": weights_sha256(sam),
        "torch": torch.__version__,
        "seconds": {"build": round(built - started, 1), "encoder": round(encoder_seconds, 1),
                    "decoder": round(decoder_seconds, 1)},
    }
    with open(os.path.join(args.output_dir, f"{args.model_type}_export.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
