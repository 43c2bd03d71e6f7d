"""Time the paper's predictor grid (36 MLPs + 2 linear) batched vs one model at a time.

    python docs/bench_predictor_grid.py --n 8000 --dim 64 --val 2000 --epochs 50 --threads 1

Prints one JSON object: batched_s, sequential_s, speedup, models, max_relative_val_loss_gap.
"""

from __future__ import annotations

import argparse
import json

import torch

from percae_core.evaluation.predictor_grid import time_predictor_grid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8000, help="training embeddings")
    parser.add_argument("--dim", type=int, default=64, help="embedding size")
    parser.add_argument("--val", type=int, default=2000, help="validation embeddings")
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--task", choices=["position", "classification"], default="position")
    parser.add_argument("--device", default="cpu")
    parser.add_argument(
        "--threads", type=int, default=None, help="torch intra-op threads (default: torch's)"
    )
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    outputs = 2 if args.task == "position" else 10
    result = time_predictor_grid(
        args.n,
        args.dim,
        val_n=args.val,
        epochs=args.epochs,
        batch_size=args.batch_size,
        task=args.task,
        num_outputs=outputs,
        device=args.device,
    )
    print(json.dumps({**vars(args), "threads_used": torch.get_num_threads(), **result}, indent=2))


if __name__ == "__main__":
    main()
