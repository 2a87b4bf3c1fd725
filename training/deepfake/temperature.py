"""Fit the temperature of any deepfake-head weights exactly as train.py does at the end of a run (grid search on NLL
over the fixed validation pairs of the training-time source split: pseudo-fakes of held-out TRAINING faces, never
the evaluation set). For weights that have no training run of their own, such as a soup (training/soup.py).

Run: /usr/bin/python3 training/deepfake/temperature.py WEIGHTS.pt OUT/temperature.txt
"""
import sys

import torch

from model import load_net
from validation import fit_temperature, validation_set

torch.set_num_threads(2)


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    _, _, _, _, vx, vy = validation_set(False)
    t = fit_temperature(load_net(sys.argv[1]), vx, vy)
    with open(sys.argv[2], 'w') as f:
        f.write(f'{t:.2f}\n')
    print(f'temperature {t:.2f} on {len(vy)} validation pairs')


if __name__ == '__main__':
    main()
