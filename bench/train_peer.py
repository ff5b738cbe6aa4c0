#!/usr/bin/python3
"""PyTorch CPU peer of bench/train.bench.ts: trains the same networks (same layers, batch size,
Adam 1e-3, cross-entropy) as a grid of runs, one epoch each, run after run on 2 threads.
usage: /usr/bin/python3 bench/train_peer.py <seed-cnn|mnist-cnn> <samples per run> <runs>
prints one JSON line: {"samplesPerSecond": ...}"""
import json, sys, time
import torch, torch.nn as nn

torch.set_num_threads(2)


def seed_cnn():
    return nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(64 * 8 * 8, 512), nn.ReLU(), nn.Dropout(0.5), nn.Linear(512, 10)), (3, 32, 32)


def mnist_cnn():
    return nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(16 * 5 * 5, 10)), (1, 28, 28)


name, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
build = {'seed-cnn': seed_cnn, 'mnist-cnn': mnist_cnn}[name]
started = time.perf_counter()
for run in range(runs):
    torch.manual_seed(run)
    model, shape = build()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x, y = torch.rand(n, *shape), torch.randint(0, 10, (n,))
    model.train()
    for i in torch.randperm(n).split(64):
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x[i]), y[i]).backward()
        opt.step()
seconds = time.perf_counter() - started
print(json.dumps({'samplesPerSecond': n * runs / seconds, 'torch': torch.__version__, 'threads': torch.get_num_threads()}))
