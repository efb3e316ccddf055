#!/usr/bin/env python3
"""SAM masks computed in PyTorch, for checking an ONNX export run by SegmentS2.

Rebuilds the SAM or MobileSAM that export_sam.py exported (--model-type vit_b, vit_l, vit_h or
mobile_sam; --checkpoint, or --random-weights --seed N) with export_sam.build_sam, so random weights,
MobileSAM's BatchNorm calibration included, are exactly the exported ones (--expect-weights-sha256
checks it). Reads one chip of three band GeoTIFFs with GDAL, preprocesses it by the reference's rules
and runs sam.image_encoder and the package's SamOnnxModel (the module the decoder export traces) in
PyTorch:

  pixels: value * scale + offset, clipped to [0, 1], x 255, then (v - mean) / std per channel with
          mean 123.675, 116.28, 103.53 and std 58.395, 57.12, 57.375; NCHW float32 [1, 3, 1024, 1024]
  prompts: per group its points (labels 1 / 0), then the box corners (labels 2, 3) when it has a box,
           else a padding point (0, 0) with label -1; mask_input zeros, has_mask_input 0,
           orig_im_size [1024, 1024]
  mask:   logit > 0; with a box, cleared outside rows round(ymin)..round(ymax) and columns
          round(xmin)..round(xmax) (end exclusive, Python's round)

--prompts is a JSON file: [{"points": [[x, y, label], ...], "box": [xmin, ymin, xmax, ymax] or null}, ...]
in chip pixels (x = column, y = row). For each group i it writes, into --output-dir,
logits_{i}.f32 (the decoder's masks, float32 little-endian, row-major 1024 x 1024) and mask_{i}.u8
(the final 0/1 mask, box cut applied), and reference.json with the weights' checksum and timings.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

MEAN = (123.675, 116.28, 103.53)
STD = (58.395, 57.12, 57.375)
CHIP = 1024

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_sam import DECODER_WEIGHTS, MODEL_TYPES, build_sam, sam_onnx_model_class, weights_sha256  # noqa: E402


def read_chip(paths: list[str], col: int, row: int, scale: float, offset: float):
    import numpy as np
    from osgeo import gdal

    planes = []
    for path in paths:
        ds = gdal.Open(path)
        if ds is None:
            raise SystemExit(f"GDAL cannot open '{path}'")
        planes.append(ds.GetRasterBand(1).ReadAsArray(col, row, CHIP, CHIP).astype(np.float64))
    rgb = np.stack(planes)  # [3, H, W]
    rgb = np.clip(rgb * scale + offset, 0.0, 1.0) * 255.0
    mean = np.array(MEAN).reshape(3, 1, 1)
    std = np.array(STD).reshape(3, 1, 1)
    return ((rgb.astype(np.float32) - mean.astype(np.float32)) / std.astype(np.float32)).astype(np.float32)[None]


def add_model_arguments(p: argparse.ArgumentParser) -> None:
    """The options that name the weights to rebuild: --model-type, --checkpoint | --random-weights --seed, and the checksum to expect."""
    p.add_argument("--model-type", choices=MODEL_TYPES, required=True)
    weights = p.add_mutually_exclusive_group(required=True)
    weights.add_argument("--checkpoint")
    weights.add_argument("--random-weights", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--decoder-weights", choices=DECODER_WEIGHTS, default="random")
    p.add_argument("--expect-weights-sha256", help="fail unless the rebuilt weights have this checksum")


def load_model(args):
    """Rebuilds the exported model; returns it, the decoder module the export traces, and the weights' checksum."""
    sam = build_sam(args.model_type, None if args.random_weights else args.checkpoint, args.seed, args.decoder_weights)
    checksum = weights_sha256(sam)
    if args.expect_weights_sha256 and checksum != args.expect_weights_sha256:
        raise SystemExit(f"rebuilt weights {checksum} differ from the export's {args.expect_weights_sha256}")
    decoder = sam_onnx_model_class(args.model_type)(sam, return_single_mask=True, use_stability_score=False, return_extra_metrics=False).eval()
    return sam, decoder, checksum


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_model_arguments(p)
    p.add_argument("--bands", nargs=3, required=True, metavar=("RED", "GREEN", "BLUE"))
    p.add_argument("--col", type=int, default=0)
    p.add_argument("--row", type=int, default=0)
    p.add_argument("--scale", type=float, default=1e-4)
    p.add_argument("--offset", type=float, default=0.0)
    p.add_argument("--prompts", required=True)
    p.add_argument("--output-dir", required=True)
    args = p.parse_args(argv)

    import numpy as np
    import torch

    started = time.monotonic()
    sam, decoder, checksum = load_model(args)

    x = torch.from_numpy(read_chip(args.bands, args.col, args.row, args.scale, args.offset))
    t = time.monotonic()
    with torch.no_grad():
        embedding = sam.image_encoder(x)
    encode_seconds = time.monotonic() - t

    with open(args.prompts) as f:
        groups = json.load(f)
    os.makedirs(args.output_dir, exist_ok=True)
    for i, group in enumerate(groups):
        points = [[float(px), float(py)] for px, py, _ in group["points"]]
        labels = [float(label) for _, _, label in group["points"]]
        box = group.get("box")
        if box is not None:
            points += [[box[0], box[1]], [box[2], box[3]]]
            labels += [2.0, 3.0]
        else:
            points.append([0.0, 0.0])
            labels.append(-1.0)
        with torch.no_grad():
            masks, _, _ = decoder(
                embedding,
                torch.tensor([points], dtype=torch.float32),
                torch.tensor([labels], dtype=torch.float32),
                torch.zeros(1, 1, 256, 256, dtype=torch.float32),
                torch.tensor([0.0], dtype=torch.float32),
                torch.tensor([CHIP, CHIP], dtype=torch.float32),
            )
        logits = masks[0, 0].numpy().astype("<f4")
        mask = (logits > 0.0).astype(np.uint8)
        if box is not None:
            keep = np.zeros_like(mask)
            r0, r1 = max(0, round(box[1])), min(CHIP, round(box[3]))
            c0, c1 = max(0, round(box[0])), min(CHIP, round(box[2]))
            keep[r0:r1, c0:c1] = 1
            mask &= keep
        logits.tofile(os.path.join(args.output_dir, f"logits_{i}.f32"))
        mask.tofile(os.path.join(args.output_dir, f"mask_{i}.u8"))

    with open(os.path.join(args.output_dir, "reference.json"), "w") as f:
        json.dump({"weights_sha256": checksum, "groups": len(groups), "encode_seconds": round(encode_seconds, 2),
                   "seconds": round(time.monotonic() - started, 2), "torch": torch.__version__}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
