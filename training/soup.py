"""A uniform "model soup" (Wortsman et al., ICML 2022): the element-wise mean of several checkpoints of the same
network fine-tuned from the same initialisation. When the runs sit in one basin of the loss (the case for
fine-tuning from one pretrained network, and always for checkpoints along one run), the mean often generalises
better than any single run, at no cost at inference: one model, same size, same latency. Whether it does here is
for the evaluation scripts to say; this only writes the averaged weights.

usage: /usr/bin/python3 training/soup.py OUT.pt IN1.pt IN2.pt [IN3.pt ...]
Works for both heads' checkpoints (torch state_dicts with identical keys and shapes). Floating tensors (weights,
biases, BatchNorm running statistics) are averaged; integer buffers (BatchNorm's num_batches_tracked) keep the
largest count, as they only record how many batches the statistics saw.
"""
import sys

import torch


def check_same_network(states):
    """Stop unless every state_dict has the same tensor names, in the same order, with the same shapes."""
    keys = list(states[0].keys())
    for s in states[1:]:
        if list(s.keys()) != keys:
            raise SystemExit('checkpoints do not have the same tensors')
    for k in keys:
        if any(s[k].shape != states[0][k].shape for s in states):
            raise SystemExit(f'{k}: shapes differ {[tuple(s[k].shape) for s in states]}')


def soup(states):
    check_same_network(states)
    out = {}
    for k in states[0]:
        ts = [s[k] for s in states]
        if ts[0].is_floating_point():
            out[k] = torch.stack([t.float() for t in ts]).mean(0).to(ts[0].dtype)
        else:
            out[k] = torch.stack(ts).max(0).values
    return out


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    states = [torch.load(p, map_location='cpu') for p in sys.argv[2:]]
    torch.save(soup(states), sys.argv[1])
    print(f'{sys.argv[1]}: mean of {len(states)} checkpoints ({len(states[0])} tensors)')


if __name__ == '__main__':
    main()
