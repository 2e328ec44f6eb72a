"""Training the fact-check cross-encoder (torch; training only).

The model is MiniLM reading ``[CLS] query [SEP] claim — title [SEP]`` (``factcheck_cross.pair_ids``,
token type 0 everywhere, as ``MiniLM.forward``) with a linear head on the pooled last states.
Cheap on one CPU core: the lower ``frozen`` layers keep their packaged weights, so their
outputs for the fixed (tweet, candidate) pairs are computed once (``ft.Frozen.states``) and
only the top layers and the head are trained. Loss: listwise softmax over each tweet's gold
claims and ``negatives`` wrong candidates (seeded sample of the current system's top
candidates), ``-log`` of the probability mass on the gold ones.

This module imports torch at the top: import it only from the training command.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import factchecks_torch as ft
from ..ml.factcheck_cross import HEAD_B, HEAD_W


@dataclass(frozen=True)
class CrossTrainConfig:
    frozen: int = 3
    epochs: int = 2
    lr: float = 1e-4
    head_lr: float = 1e-3
    negatives: int = 15
    groups_per_batch: int = 4
    pooling: str = "mean"
    init: str = "encoder"  # start the trained layers from the fine-tuned bi-encoder ("encoder") or the packaged MiniLM
    seed: int = 0


class CrossTop(nn.Module):
    """The trained top layers of the pair encoder and the scoring head."""

    def __init__(self, weights: dict[str, np.ndarray], frozen: int, pooling: str) -> None:
        super().__init__()
        self.first = frozen
        self.pooling = pooling
        self.layers = nn.ModuleList()
        for i in range(frozen, ft.N_LAYERS):
            layer = ft.Layer()
            layer.load(weights, i)
            self.layers.append(layer)
        self.head = nn.Linear(ft.DIM, 1)
        with torch.no_grad():
            self.head.weight.zero_()
            self.head.bias.zero_()

    def forward(self, states: Sequence[torch.Tensor]) -> torch.Tensor:
        x, mask = ft.pad_states(states)
        for layer in self.layers:
            x = layer(x, mask)
        if self.pooling == "cls":
            pooled = x[:, 0]
        else:
            pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
        return self.head(pooled).squeeze(-1)

    @torch.no_grad()
    def score(self, states: Sequence[torch.Tensor], batch_size: int = 64) -> np.ndarray:
        out = np.zeros(len(states), dtype=np.float32)
        order = sorted(range(len(states)), key=lambda i: int(states[i].shape[0]))
        self.eval()
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            out[idx] = self([states[i].float() for i in idx]).numpy()
        return out

    def export(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for j, layer in enumerate(self.layers):
            out.update(layer.export(self.first + j))
        out[HEAD_W] = self.head.weight.detach().reshape(-1).numpy().astype(np.float16)
        out[HEAD_B] = self.head.bias.detach().reshape(-1).numpy().astype(np.float16)
        return out


def train_cross(
    weights: dict[str, np.ndarray],
    states: Sequence[torch.Tensor],
    groups: Sequence[tuple[list[int], list[int]]],
    config: CrossTrainConfig,
    log: Callable[[str], None] = lambda m: None,
) -> CrossTop:
    """Train on ``groups``: per tweet, (indices into ``states`` of its gold pairs, of its wrong pairs)."""
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    model = CrossTop(weights, config.frozen, config.pooling)
    body = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    opt = torch.optim.AdamW([{"params": body, "lr": config.lr}, {"params": model.head.parameters(), "lr": config.head_lr}],
                            weight_decay=0.01)
    usable = [g for g in groups if g[0] and g[1]]
    steps = config.epochs * math.ceil(len(usable) / config.groups_per_batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(steps - warm, 1))))
    for epoch in range(config.epochs):
        model.train()
        order = list(range(len(usable)))
        rng.shuffle(order)
        total, n = 0.0, 0
        for s in range(0, len(order), config.groups_per_batch):
            batch = [usable[i] for i in order[s : s + config.groups_per_batch]]
            rows: list[int] = []
            spans = []
            for gold, neg in batch:
                negs = rng.sample(neg, min(config.negatives, len(neg)))
                spans.append((len(rows), len(gold), len(gold) + len(negs)))
                rows.extend(gold + negs)
            scores = model([states[r].float() for r in rows])
            loss = torch.zeros(())
            for start, n_gold, size in spans:
                logp = F.log_softmax(scores[start : start + size], dim=0)
                loss = loss - torch.logsumexp(logp[:n_gold], dim=0)
            loss = loss / len(spans)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(spans)
            n += len(spans)
        log(f"cross epoch {epoch + 1}/{config.epochs}: loss {total / max(n, 1):.4f}")
    model.eval()
    return model
