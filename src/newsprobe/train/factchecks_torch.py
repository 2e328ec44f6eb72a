"""Fine-tuning all-MiniLM-L6-v2 as a tweet -> fact-check bi-encoder (torch; training only).

Why: the packaged MiniLM was trained on generic sentence pairs; a tweet that repeats a
checked claim is phrased differently (handles, hashtags, signatures, several sentences), so a
few epochs of contrastive training on the CLEF 2020 train pairs move the right claim up.

How, cheaply on a CPU: the lower ``frozen`` layers keep their packaged weights, so their
outputs are computed once per text (``Frozen.states``) and only the top layers are trained.
The loss is MultipleNegativesRanking (in-batch negatives) with one hard negative per pair
drawn from the current retriever's top candidates. Only the trained layers are shipped, as a
float16 safetensors file of packaged tensor names that ``newsprobe.ml.minilm.load_model(
overrides=...)`` loads; inference never needs torch.

This module imports torch at the top: import it only from the training command.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DIM = 384
HEADS = 12
EPS = 1e-12
N_LAYERS = 6


class Layer(nn.Module):
    """One BERT encoder layer (post-LayerNorm, exact GELU), same maths as ``minilm.MiniLM.forward``."""

    def __init__(self) -> None:
        super().__init__()
        self.query, self.key, self.value = nn.Linear(DIM, DIM), nn.Linear(DIM, DIM), nn.Linear(DIM, DIM)
        self.out = nn.Linear(DIM, DIM)
        self.ln1 = nn.LayerNorm(DIM, eps=EPS)
        self.up = nn.Linear(DIM, 4 * DIM)
        self.down = nn.Linear(4 * DIM, DIM)
        self.ln2 = nn.LayerNorm(DIM, eps=EPS)

    #: our parameter -> the packaged tensor name (after ``encoder.layer.{i}.``)
    NAMES = {
        "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
        "out": "attention.output.dense", "ln1": "attention.output.LayerNorm", "up": "intermediate.dense",
        "down": "output.dense", "ln2": "output.LayerNorm",
    }

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        d = DIM // HEADS

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, HEADS, d).transpose(1, 2)

        bias = ((1.0 - mask) * -1e9)[:, None, None, :].to(x.dtype)
        ctx = F.scaled_dot_product_attention(heads(self.query(x)), heads(self.key(x)), heads(self.value(x)), attn_mask=bias)
        x = self.ln1(self.out(ctx.transpose(1, 2).reshape(b, n, DIM)) + x)
        return self.ln2(self.down(F.gelu(self.up(x))) + x)

    def load(self, weights: dict[str, np.ndarray], index: int) -> None:
        with torch.no_grad():
            for ours, theirs in self.NAMES.items():
                mod = getattr(self, ours)
                base = f"encoder.layer.{index}.{theirs}"
                mod.weight.copy_(torch.from_numpy(np.asarray(weights[base + ".weight"], dtype=np.float32)))
                mod.bias.copy_(torch.from_numpy(np.asarray(weights[base + ".bias"], dtype=np.float32)))

    def export(self, index: int) -> dict[str, np.ndarray]:
        out = {}
        for ours, theirs in self.NAMES.items():
            mod = getattr(self, ours)
            base = f"encoder.layer.{index}.{theirs}"
            out[base + ".weight"] = mod.weight.detach().cpu().numpy().astype(np.float16)
            out[base + ".bias"] = mod.bias.detach().cpu().numpy().astype(np.float16)
        return out


def packaged_weights() -> dict[str, np.ndarray]:
    """The packaged all-MiniLM-L6-v2 tensors, names without a ``bert.`` prefix."""
    from safetensors.numpy import load_file

    from ..ml.minilm import model_dir

    w = load_file(str(model_dir() / "model.safetensors"))
    return {k[5:] if k.startswith("bert.") else k: v for k, v in w.items()}


class Frozen(nn.Module):
    """Embeddings and the lower ``frozen`` layers, run once per text under ``no_grad``."""

    def __init__(self, weights: dict[str, np.ndarray], frozen: int) -> None:
        super().__init__()
        self.word = torch.from_numpy(np.asarray(weights["embeddings.word_embeddings.weight"], dtype=np.float32))
        self.pos = torch.from_numpy(np.asarray(weights["embeddings.position_embeddings.weight"], dtype=np.float32))
        self.type0 = torch.from_numpy(np.asarray(weights["embeddings.token_type_embeddings.weight"][0], dtype=np.float32))
        self.ln = nn.LayerNorm(DIM, eps=EPS)
        with torch.no_grad():
            self.ln.weight.copy_(torch.from_numpy(np.asarray(weights["embeddings.LayerNorm.weight"], dtype=np.float32)))
            self.ln.bias.copy_(torch.from_numpy(np.asarray(weights["embeddings.LayerNorm.bias"], dtype=np.float32)))
        self.layers = nn.ModuleList()
        for i in range(frozen):
            layer = Layer()
            layer.load(weights, i)
            self.layers.append(layer)

    @torch.no_grad()
    def states(self, ids: Sequence[Sequence[int]], batch_size: int = 128) -> list[torch.Tensor]:
        """Hidden states after the frozen layers, one ``(n_tokens, 384)`` tensor per text."""
        out: list[torch.Tensor | None] = [None] * len(ids)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            arr, mask = pad_ids([ids[i] for i in idx])
            x = self.ln(self.word[arr] + self.pos[: arr.shape[1]][None] + self.type0)
            for layer in self.layers:
                x = layer(x, mask)
            for r, i in enumerate(idx):
                out[i] = x[r, : len(ids[i])].clone()
        return out  # type: ignore[return-value]


class Top(nn.Module):
    """The trained top layers plus mean pooling and L2 normalisation."""

    def __init__(self, weights: dict[str, np.ndarray], frozen: int) -> None:
        super().__init__()
        self.first = frozen
        self.layers = nn.ModuleList()
        for i in range(frozen, N_LAYERS):
            layer = Layer()
            layer.load(weights, i)
            self.layers.append(layer)

    def forward(self, states: Sequence[torch.Tensor]) -> torch.Tensor:
        x, mask = pad_states(states)
        for layer in self.layers:
            x = layer(x, mask)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
        return F.normalize(pooled, dim=-1)

    @torch.no_grad()
    def encode(self, states: Sequence[torch.Tensor], batch_size: int = 256) -> np.ndarray:
        out = np.zeros((len(states), DIM), dtype=np.float32)
        order = sorted(range(len(states)), key=lambda i: len(states[i]))
        self.eval()
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            out[idx] = self([states[i] for i in idx]).numpy()
        return out

    def export(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for j, layer in enumerate(self.layers):
            out.update(layer.export(self.first + j))
        return out


def pad_ids(seqs: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(len(s) for s in seqs)
    arr = torch.zeros((len(seqs), n), dtype=torch.long)
    mask = torch.zeros((len(seqs), n), dtype=torch.float32)
    for r, s in enumerate(seqs):
        arr[r, : len(s)] = torch.as_tensor(list(s), dtype=torch.long)
        mask[r, : len(s)] = 1.0
    return arr, mask


def pad_states(states: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(int(s.shape[0]) for s in states)
    x = torch.zeros((len(states), n, DIM), dtype=torch.float32)
    mask = torch.zeros((len(states), n), dtype=torch.float32)
    for r, s in enumerate(states):
        x[r, : s.shape[0]] = s
        mask[r, : s.shape[0]] = 1.0
    return x, mask


@dataclass(frozen=True)
class TrainConfig:
    """Fine-tuning settings (chosen on train-tweet cross-validation; see the model card)."""

    frozen: int = 3
    epochs: int = 3
    batch_size: int = 32
    lr: float = 5e-5
    scale: float = 20.0
    hard_negatives: int = 1
    seed: int = 0


def fine_tune(
    weights: dict[str, np.ndarray],
    query_states: Sequence[torch.Tensor],
    claim_states: Sequence[torch.Tensor],
    pairs: Sequence[tuple[int, int]],
    hard: Sequence[Sequence[int]],
    config: TrainConfig,
    log: Callable[[str], None] | None = None,
) -> Top:
    """Train the top layers on ``pairs`` (query index, gold claim index).

    ``hard[p]`` lists candidate hard-negative claim indices for pair ``p`` (gold removed);
    each epoch draws ``config.hard_negatives`` of them per pair (seeded).
    """
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    top = Top(weights, config.frozen)
    opt = torch.optim.AdamW(top.parameters(), lr=config.lr, weight_decay=0.01)
    steps = config.epochs * math.ceil(len(pairs) / config.batch_size)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm))
    )
    step = 0
    for epoch in range(config.epochs):
        top.train()
        order = rng.permutation(len(pairs))
        total = 0.0
        for s in range(0, len(order), config.batch_size):
            idx = order[s : s + config.batch_size]
            qs = [query_states[pairs[p][0]] for p in idx]
            golds = [pairs[p][1] for p in idx]
            negs: list[int] = []
            for p in idx:
                cands = hard[p]
                if len(cands) and config.hard_negatives:
                    negs.extend(int(c) for c in rng.choice(cands, min(config.hard_negatives, len(cands)), replace=False))
            docs = golds + negs
            q = top(qs)
            d = top([claim_states[c] for c in docs])
            logits = config.scale * (q @ d.T)
            # a document that is gold for another query of the batch must not count as its negative
            same = torch.tensor([[docs[j] == golds[i] for j in range(len(docs))] for i in range(len(golds))])
            target = torch.arange(len(golds))
            clash = same.clone()
            clash[target, target] = False
            logits = logits.masked_fill(clash, -1e4)
            loss = F.cross_entropy(logits, target)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(top.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            total += float(loss.detach()) * len(idx)
        if log:
            log(f"epoch {epoch + 1}/{config.epochs}: loss {total / len(pairs):.4f}")
    top.eval()
    return top
