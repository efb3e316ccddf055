#!/usr/bin/env python3
"""Export Segment Anything (SAM) to the two ONNX models SegmentS2 loads.

Writes, into --output-dir:
  {model}_encoder.onnx   sam.image_encoder: input `x` float32 [batch, 3, 1024, 1024] (normalised NCHW),
                         output `image_embeddings` [batch, 256, 64, 64]
  {model}_decoder.onnx   segment-anything's SamOnnxModel, single mask: inputs image_embeddings,
                         point_coords, point_labels, mask_input, has_mask_input, orig_im_size;
                         outputs masks, iou_predictions, low_res_masks
  {model}_export.json    what was exported (model type, weights, seed, opset, files, sizes)

This is the contract FarmVibes.AI's export produces and SegmentS2 detects (docs/models.md).

Weights: --checkpoint FILE (sam_vit_b_01ec64.pth, sam_vit_l_0b3195.pth, sam_vit_h_4b8939.pth) for
real SAM, or --random-weights --seed N for the real architecture with seeded random weights (tests,
benchmarks). vit_h's encoder (about 2.5 GB) is over protobuf's 2 GB limit and is always written with
its weights in one external data file, {model}_encoder.onnx.data, next to the model; --external-data
forces that layout for any model type (a cheap way to test the external-data path with vit_b).

Crop size: some segment-anything versions crop the decoder's masks with int(prepadded_size[...]),
which tracing freezes to the export's dummy size. This tool always traces with the 1024 x 1024
dummy SegmentS2's chips have and, when the installed SamOnnxModel has that int(), replaces its
mask_postprocessing by the tensor-sliced one of current segment-anything, so the crop follows
orig_im_size at run time.

Needs: python3 with torch (1.13 or later), segment_anything on PYTHONPATH, and the `onnx` module for
external data (Debian: python3-torch python3-onnx; segment_anything from its repository).
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

MODEL_TYPES = ("vit_b", "vit_l", "vit_h")
PROTOBUF_LIMIT = 2 * 1024**3


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model-type", choices=MODEL_TYPES, required=True)
    p.add_argument("--output-dir", required=True)
    weights = p.add_mutually_exclusive_group(required=True)
    weights.add_argument("--checkpoint", help="SAM checkpoint (.pth) with real weights")
    weights.add_argument("--random-weights", action="store_true", help="seeded random weights (tests)")
    p.add_argument("--seed", type=int, default=0, help="seed for --random-weights (default 0)")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--external-data", action="store_true",
                   help="write the encoder's weights to an external data file even below 2 GB")
    p.add_argument("--skip-encoder", action="store_true", help="export the decoder only")
    p.add_argument("--threads", type=int, default=0, help="torch threads; 0 = torch's default")
    args = p.parse_args(argv)
    if args.checkpoint and not os.path.isfile(args.checkpoint):
        p.error(f"checkpoint '{args.checkpoint}' does not exist")
    return args


def build_sam(args: argparse.Namespace):
    import torch
    from segment_anything import sam_model_registry

    if args.random_weights:
        torch.manual_seed(args.seed)
        sam = sam_model_registry[args.model_type](checkpoint=None)
    else:
        sam = sam_model_registry[args.model_type](checkpoint=args.checkpoint)
    return sam.eval()


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


def export_encoder(sam, path: str, opset: int, external: bool) -> None:
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


def export_decoder(sam, path: str, opset: int) -> bool:
    import torch
    from segment_anything.utils.onnx import SamOnnxModel

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
            dynamic_axes={"point_coords": {1: "num_points"}, "point_labels": {1: "num_points"}},
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
    sam = build_sam(args)
    built = time.monotonic()

    encoder_path = os.path.join(args.output_dir, f"{args.model_type}_encoder.onnx")
    decoder_path = os.path.join(args.output_dir, f"{args.model_type}_decoder.onnx")
    parameters = sum(p.numel() for p in sam.image_encoder.parameters())
    external = args.external_data or parameters * 4 >= PROTOBUF_LIMIT

    encoder_seconds = 0.0
    if not args.skip_encoder:
        t = time.monotonic()
        export_encoder(sam, encoder_path, args.opset, external)
        encoder_seconds = time.monotonic() - t
    t = time.monotonic()
    crop_patched = export_decoder(sam, decoder_path, args.opset)
    decoder_seconds = time.monotonic() - t

    files = {}
    for p in [encoder_path, encoder_path + ".data", decoder_path]:
        if os.path.exists(p) and not (args.skip_encoder and p.startswith(encoder_path)):
            files[os.path.basename(p)] = os.path.getsize(p)
    manifest = {
        "model_type": args.model_type,
        "weights": "random" if args.random_weights else os.path.basename(args.checkpoint),
        "seed": args.seed if args.random_weights else None,
        "opset": args.opset,
        "encoder_external_data": external and not args.skip_encoder,
        "encoder_parameters": parameters,
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
