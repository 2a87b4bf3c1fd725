"""Fit the temperature of any deepfake-head weights exactly as train.py does at the end of a run (grid search on NLL
over the fixed validation pairs of the training-time source split: pseudo-fakes of held-out TRAINING faces, never
the evaluation set). For weights that have no training run of their own, such as a soup (training/soup.py).

Run: /usr/bin/python3 training/deepfake/temperature.py WEIGHTS.pt OUT/temperature.txt
"""
import sys

import numpy as np
import torch

import train as tr


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    data = tr.base_crops(False)
    resynth = tr.resynthesise(data, np.random.default_rng(tr.SEED + 1))
    _, val = tr.split_sources(data)
    vx, vy = tr.validation_pairs(data, val, resynth)
    net = tr.build_model(pretrained=False)
    net.load_state_dict(torch.load(sys.argv[1], map_location='cpu'))
    t = tr.fit_temperature(net, vx, vy)
    with open(sys.argv[2], 'w') as f:
        f.write(f'{t:.2f}\n')
    print(f'temperature {t:.2f} on {len(vy)} validation pairs')


if __name__ == '__main__':
    main()
