#!/usr/bin/env python3
"""FarmVibes.AI's automatic segmentation (auto_segment_s2) computed in PyTorch, for checking SegmentS2's.

Rebuilds the exported SAM or MobileSAM exactly as reference_masks.py does (export_sam.build_sam;
--checkpoint, or --random-weights --seed N; --expect-weights-sha256 checks the weights), then runs the
automatic mask generation of FarmVibes.AI's segment_anything op (n_crop_layers = 0) and the mask
selection of its combine_sam_masks op over the chips listed in --chips, all in PyTorch:

  chips:     --chips is a JSON file [{"col": c, "row": r, "roi_col": rc, "roi_row": rr}, ...]; (col, row)
             is the chip's 1024 x 1024 read window in raster pixels, (roi_col, roi_row) the same window's
             top-left in the ROI frame, where every box and chip window is compared. A pixel is nodata
             when any of the three bands is 0 (raw DN).
  pixels:    as reference_masks.read_chip; one sam.image_encoder pass per chip
  grid:      n = --points-per-side, step offset 1024 / (2 n), coordinates linspace(offset, 1024 - offset, n);
             prompts ordered x-major (for each x, every y); each prompt is the point (x, y) label 1 plus the
             padding point (0, 0) label -1
  decoding:  --points-per-batch prompts per call of the package's SamOnnxModel (single mask, the module the
             decoder export traces): point_coords [B, 2, 2], point_labels [B, 2], mask_input zeros,
             has_mask_input 0, orig_im_size [1024, 1024]
  filters:   iou score > --pred-iou-thresh, then stability > --stability-score-thresh, with
             stability = count(logit > 0 + off) / count(logit > 0 - off) (integer counts, float64 quotient,
             0 when the denominator is 0; thresholds compared as numpy compares a float32 array with a
             Python float); the surviving masks, binarised at logit > 0, are the chip's candidates, in
             prompt order, each with the inclusive box [cmin, rmin, cmax, rmax] of its foreground moved
             by (roi_col, roi_row)
  selection: per chip torchvision batched_nms (float32 boxes, float32 scores, --chip-nms-thr); across chips
             batched_nms of the kept boxes (float64, concatenated chip by chip in kept order) scored by
             1 / box_area (--mask-nms-thr), each chip's survivors listed in that NMS's order; then a mask
             is dropped when its box touches its chip window (x0 <= col, y0 <= row, x1 >= col + 1024 or
             y1 >= row + 1024) and lies, within 5 pixels, inside the box of a mask of another chip
  output:    chips in order, within a chip the order above; nodata pixels zeroed in each mask

Writes, into --output-dir: kept.json (the kept masks, every chip's candidates, every prompt's score and
stability, near-tie counts, the weights' checksum, timings), and for each kept mask i (output order)
mask_{i}.u8 (1024 x 1024 uint8 0/1 in the chip frame, nodata zeroed) and logits_{i}.f32 (the decoder's
logits, float32 little-endian, row-major 1024 x 1024).

A near tie is a prompt with |score - pred_iou_thresh| < 1e-4 or |stability - stability_score_thresh| < 2e-3:
an implementation with slightly different arithmetic may decide it the other way. kept.json counts them among
the candidates and among the rejected prompts, and flags each candidate.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_masks import CHIP, add_model_arguments, load_model, read_chip  # noqa: E402

SCORE_TIE = 1e-4
STABILITY_TIE = 2e-3
MASK_THRESHOLD = 0.0
CONTAINMENT_EPS = 5


def nodata_mask(paths: list[str], col: int, row: int):
    """True where any band's raw value is 0 in the chip's window."""
    import numpy as np
    from osgeo import gdal

    mask = np.zeros((CHIP, CHIP), dtype=bool)
    for path in paths:
        ds = gdal.Open(path)
        if ds is None:
            raise SystemExit(f"GDAL cannot open '{path}'")
        mask |= ds.GetRasterBand(1).ReadAsArray(col, row, CHIP, CHIP).astype(np.float64) == 0
    return mask


def grid_points(points_per_side: int) -> list[tuple[float, float]]:
    """The (x, y) prompts of FarmVibes' point grid: evenly spaced, half a step from the edges, x-major."""
    import numpy as np

    half_step = CHIP / (2 * points_per_side)
    axis = np.linspace(half_step, CHIP - half_step, points_per_side)
    return [(float(x), float(y)) for x, y in itertools.product(axis, axis)]


def stability_of(logits, offset: float) -> float:
    """IoU of the masks thresholded at MASK_THRESHOLD + offset and MASK_THRESHOLD - offset; 0 when both are empty."""
    import numpy as np

    inner = np.int64(np.count_nonzero(logits > (MASK_THRESHOLD + offset)))
    outer = np.int64(np.count_nonzero(logits > (MASK_THRESHOLD - offset)))
    return float(inner / outer) if outer > 0 else 0.0


def foreground_box(mask) -> list[int] | None:
    """Inclusive [cmin, rmin, cmax, rmax] of the True pixels; None when there are none."""
    import numpy as np

    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    return [int(cols[0]), int(rows[0]), int(cols[-1]), int(rows[-1])]


def touches_window(box, window) -> bool:
    col, row, width, height = window
    return box[0] <= col or box[1] <= row or box[2] >= col + width or box[3] >= row + height


def inside_another(box, others) -> bool:
    e = CONTAINMENT_EPS
    return any(box[0] >= o[0] - e and box[1] >= o[1] - e and box[2] <= o[2] + e and box[3] <= o[3] + e for o in others)


def select(boxes: list[list[list[float]]], scores: list[list[float]], windows, chip_nms_thr: float,
           mask_nms_thr: float, stages: dict | None = None) -> list[list[int]]:
    """Per chip, the indices of its candidates that survive selection, in output order. `stages`, when given, receives
    how many masks are left after each step (after_chip_nms, after_mask_nms, after_border)."""
    import torch
    from torchvision.ops import batched_nms, box_area

    # 1. Within each chip: NMS on SAM's scores.
    per_chip = []
    for chip_boxes, chip_scores in zip(boxes, scores):
        if not chip_boxes:
            per_chip.append([])
            continue
        b = torch.tensor(chip_boxes, dtype=torch.float64).to(torch.float32)
        s = torch.tensor(chip_scores, dtype=torch.float64).to(torch.float32)
        per_chip.append(batched_nms(b, s, torch.zeros(len(chip_boxes)), chip_nms_thr).tolist())

    # 2. Across chips: NMS preferring smaller boxes, over the survivors of 1 concatenated chip by chip.
    owners = [(c, i) for c, kept in enumerate(per_chip) for i in kept]
    survivors: list[list[int]] = [[] for _ in boxes]
    if owners:
        b = torch.tensor([boxes[c][i] for c, i in owners], dtype=torch.float64)
        for j in batched_nms(b, 1 / box_area(b), torch.zeros(len(owners)), mask_nms_thr).tolist():
            c, i = owners[j]
            survivors[c].append(i)

    # 3. Drop a mask that touches its chip's window and sits inside a box kept from another chip.
    result: list[list[int]] = []
    for c, kept in enumerate(survivors):
        others = [boxes[o][i] for o in range(len(boxes)) if o != c for i in survivors[o]]
        result.append([i for i in kept if not (touches_window(boxes[c][i], windows[c]) and inside_another(boxes[c][i], others))])
    if stages is not None:
        stages["after_chip_nms"] = sum(len(k) for k in per_chip)
        stages["after_mask_nms"] = sum(len(k) for k in survivors)
        stages["after_border"] = sum(len(k) for k in result)
    return result


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_model_arguments(p)
    p.add_argument("--bands", nargs=3, required=True, metavar=("RED", "GREEN", "BLUE"))
    p.add_argument("--chips", required=True, help='JSON file: [{"col", "row", "roi_col", "roi_row"}, ...]')
    p.add_argument("--scale", type=float, default=1e-4)
    p.add_argument("--offset", type=float, default=0.0)
    p.add_argument("--points-per-side", type=int, default=16)
    p.add_argument("--points-per-batch", type=int, default=16)
    p.add_argument("--pred-iou-thresh", type=float, default=0.88)
    p.add_argument("--stability-score-thresh", type=float, default=0.95)
    p.add_argument("--stability-score-offset", type=float, default=1.0)
    p.add_argument("--chip-nms-thr", type=float, default=0.7)
    p.add_argument("--mask-nms-thr", type=float, default=0.5)
    p.add_argument("--output-dir", required=True)
    args = p.parse_args(argv)
    if args.points_per_side < 1 or args.points_per_batch < 1:
        p.error("--points-per-side and --points-per-batch must be positive")

    import numpy as np
    import torch

    started = time.monotonic()
    with open(args.chips) as f:
        chips = json.load(f)
    sam, decoder, checksum = load_model(args)

    os.makedirs(args.output_dir, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix=".candidates-", dir=args.output_dir)
    points = grid_points(args.points_per_side)
    mask_input = torch.zeros(1, 1, 256, 256, dtype=torch.float32)
    has_mask_input = torch.tensor([0.0], dtype=torch.float32)
    orig_im_size = torch.tensor([CHIP, CHIP], dtype=torch.float32)

    def near_tie(score: float, stability: float) -> bool:
        return abs(score - args.pred_iou_thresh) < SCORE_TIE or abs(stability - args.stability_score_thresh) < STABILITY_TIE

    candidates: list[list[dict]] = []
    prompt_scores: list[list[float]] = []
    prompt_stabilities: list[list[float]] = []
    rejected_ties = 0
    timings = []
    try:
        for c, chip in enumerate(chips):
            t = time.monotonic()
            x = torch.from_numpy(read_chip(args.bands, chip["col"], chip["row"], args.scale, args.offset))
            with torch.no_grad():
                embedding = sam.image_encoder(x)
            encode_seconds = time.monotonic() - t

            t = time.monotonic()
            found: list[dict] = []
            chip_scores: list[float] = []
            chip_stabilities: list[float] = []
            for start in range(0, len(points), args.points_per_batch):
                batch = points[start:start + args.points_per_batch]
                coords = torch.tensor([[[px, py], [0.0, 0.0]] for px, py in batch], dtype=torch.float32)
                labels = torch.tensor([[1.0, -1.0]] * len(batch), dtype=torch.float32)
                with torch.no_grad():
                    masks, iou, _ = decoder(embedding, coords, labels, mask_input, has_mask_input, orig_im_size)
                masks = masks.numpy()  # [B, 1, 1024, 1024] float32
                iou = iou.numpy()  # [B, 1] float32
                score_ok = (iou > args.pred_iou_thresh).reshape(-1)
                for j in range(len(batch)):
                    logits = masks[j, 0]
                    score = float(iou[j, 0])
                    stability = stability_of(logits, args.stability_score_offset)
                    chip_scores.append(score)
                    chip_stabilities.append(stability)
                    tie = near_tie(score, stability)
                    passed = bool(score_ok[j]) and bool(np.float64(stability) > args.stability_score_thresh)
                    box = foreground_box(logits > MASK_THRESHOLD) if passed else None
                    if box is None:
                        rejected_ties += tie
                        continue
                    k = len(found)
                    np.save(os.path.join(scratch, f"{c}_{k}.npy"), logits.astype("<f4"))
                    found.append({
                        "chip": c, "candidate": k, "prompt": start + j, "point": list(batch[j]),
                        "score": score, "stability": stability,
                        "box": [box[0] + chip["roi_col"], box[1] + chip["roi_row"],
                                box[2] + chip["roi_col"], box[3] + chip["roi_row"]],
                        "near_tie": tie,
                    })
                del masks
            candidates.append(found)
            prompt_scores.append(chip_scores)
            prompt_stabilities.append(chip_stabilities)
            timings.append({"encode": round(encode_seconds, 2), "decode": round(time.monotonic() - t, 2)})
            print(f"chip {c}: {len(found)} of {len(points)} prompts pass the filters "
                  f"(encode {encode_seconds:.1f} s, decode {time.monotonic() - t:.1f} s)", file=sys.stderr)

        windows = [(chip["roi_col"], chip["roi_row"], CHIP, CHIP) for chip in chips]
        stages: dict = {}
        chosen = select([[m["box"] for m in found] for found in candidates],
                        [[m["score"] for m in found] for found in candidates],
                        windows, args.chip_nms_thr, args.mask_nms_thr, stages)

        kept = []
        for c, chip in enumerate(chips):
            if not chosen[c]:
                continue
            nodata = nodata_mask(args.bands, chip["col"], chip["row"])
            for k in chosen[c]:
                i = len(kept)
                logits = np.load(os.path.join(scratch, f"{c}_{k}.npy"))
                mask = ((logits > MASK_THRESHOLD) & ~nodata).astype(np.uint8)
                logits.astype("<f4").tofile(os.path.join(args.output_dir, f"logits_{i}.f32"))
                mask.tofile(os.path.join(args.output_dir, f"mask_{i}.u8"))
                kept.append(candidates[c][k])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    report = {
        "weights_sha256": checksum,
        "model_type": args.model_type,
        "parameters": {
            "points_per_side": args.points_per_side, "points_per_batch": args.points_per_batch,
            "pred_iou_thresh": args.pred_iou_thresh, "stability_score_thresh": args.stability_score_thresh,
            "stability_score_offset": args.stability_score_offset, "chip_nms_thr": args.chip_nms_thr,
            "mask_nms_thr": args.mask_nms_thr, "scale": args.scale, "offset": args.offset,
        },
        "chips": chips,
        "masks": kept,
        "candidates_per_chip": [len(found) for found in candidates],
        "kept_per_chip": [len(k) for k in chosen],
        "stages": stages,
        "near_ties": {"kept_candidates": sum(m["near_tie"] for found in candidates for m in found),
                      "rejected": rejected_ties},
        "prompts": len(points) * len(chips),
        "candidates": candidates,
        "prompt_scores": prompt_scores,
        "prompt_stabilities": prompt_stabilities,
        "chip_seconds": timings,
        "seconds": round(time.monotonic() - started, 2),
        "torch": torch.__version__,
    }
    with open(os.path.join(args.output_dir, "kept.json"), "w") as f:
        json.dump(report, f, indent=1)
    print(json.dumps({k: report[k] for k in ("candidates_per_chip", "kept_per_chip", "stages", "near_ties", "prompts", "seconds")}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
