"""The reference for bench/train_bench: the same Llama architecture, written plainly in PyTorch, trained
with the same batch, sequence length, threads and AdamW. Prints tokens/s. With PyTorch 2.x it uses what a
PyTorch user would: F.scaled_dot_product_attention and the fused AdamW; with 1.13 (Debian's
python3-torch) the explicit attention and the per-tensor AdamW, as the engine does on each."""
import math
import sys
import time

import torch
import torch.nn.functional as F


class Block(torch.nn.Module):
    def __init__(self, h, inter, heads, kv_heads, eps):
        super().__init__()
        self.heads, self.kv_heads, self.d, self.eps = heads, kv_heads, h // heads, eps
        self.q = torch.nn.Linear(h, heads * self.d, bias=False)
        self.k = torch.nn.Linear(h, kv_heads * self.d, bias=False)
        self.v = torch.nn.Linear(h, kv_heads * self.d, bias=False)
        self.o = torch.nn.Linear(heads * self.d, h, bias=False)
        self.gate = torch.nn.Linear(h, inter, bias=False)
        self.up = torch.nn.Linear(h, inter, bias=False)
        self.down = torch.nn.Linear(inter, h, bias=False)
        self.n1 = torch.nn.Parameter(torch.ones(h))
        self.n2 = torch.nn.Parameter(torch.ones(h))

    def norm(self, x, w):
        v = x.float().pow(2).mean(-1, keepdim=True)
        return w * (x.float() * torch.rsqrt(v + self.eps)).to(x.dtype)

    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        h = self.norm(x, self.n1)
        q = self.q(h).view(b, t, self.heads, self.d).transpose(1, 2)
        k = self.k(h).view(b, t, self.kv_heads, self.d).transpose(1, 2)
        v = self.v(h).view(b, t, self.kv_heads, self.d).transpose(1, 2)

        def rot(z):
            half = z.shape[-1] // 2
            return torch.cat((-z[..., half:], z[..., :half]), -1)

        q, k = q * cos + rot(q) * sin, k * cos + rot(k) * sin
        g = self.heads // self.kv_heads
        k = k.repeat_interleave(g, dim=1)
        v = v.repeat_interleave(g, dim=1)
        if hasattr(F, "scaled_dot_product_attention"):
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            s = (q @ k.transpose(-1, -2)) / math.sqrt(self.d) + mask
            a = torch.softmax(s.float(), -1).to(q.dtype) @ v
        x = x + self.o(a.transpose(1, 2).reshape(b, t, -1))
        h = self.norm(x, self.n2)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class Llama(torch.nn.Module):
    def __init__(self, vocab, h, inter, layers, heads, kv_heads):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, h)
        self.blocks = torch.nn.ModuleList(Block(h, inter, heads, kv_heads, 1e-5) for _ in range(layers))
        self.norm = torch.nn.Parameter(torch.ones(h))
        self.head = torch.nn.Linear(h, vocab, bias=False)
        self.d = h // heads

    def forward(self, ids):
        t = ids.shape[1]
        dev = ids.device
        inv = 1.0 / (10000.0 ** (torch.arange(0, self.d, 2, device=dev).float() / self.d))
        f = torch.arange(t, device=dev).float()[:, None] * inv[None, :]
        emb = torch.cat((f, f), -1)
        cos, sin = emb.cos(), emb.sin()
        mask = torch.full((t, t), float("-inf"), device=dev).triu(1)
        x = self.embed(ids)
        for blk in self.blocks:
            x = blk(x, cos, sin, mask)
        v = x.float().pow(2).mean(-1, keepdim=True)
        return self.head(self.norm * (x * torch.rsqrt(v + 1e-5)))


def main():
    vocab, h, inter, layers, heads, kv, batch, seq, steps, threads = map(int, sys.argv[1:11])
    device = sys.argv[11] if len(sys.argv) > 11 else "cpu"
    bf16 = len(sys.argv) > 12 and sys.argv[12] == "bf16"
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = Llama(vocab, h, inter, layers, heads, kv).to(device)
    fused = {}
    major, minor = (int(x) for x in torch.__version__.split(".")[:2])
    if (major, minor) >= (2, 4) or (major >= 2 and device != "cpu"):
        fused = {"fused": True}
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), weight_decay=0.1, **fused)
    ids = torch.randint(vocab, (batch, seq + 1), device=device)
    best = 0.0
    for step in range(steps + 2):
        start = time.perf_counter()
        with torch.autocast(device_type=device.split(":")[0], dtype=torch.bfloat16, enabled=bf16):
            logits = model(ids[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, vocab), ids[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        ids.sum().item()  # waits for the device
        if step >= 2:  # two warm-up steps
            best = max(best, batch * seq / (time.perf_counter() - start))
    print(f"{best:.1f}")


if __name__ == "__main__":
    main()
