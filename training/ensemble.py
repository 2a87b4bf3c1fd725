"""Write a prediction ensemble of several classifier runs as one run folder: classifier.pt holds the state of a
common.Ensemble (member i's tensors under members.i.), labels.json is the first member's with 'members' and
'member_runs' added. evaluate.py and export.py read it like any run; export.py writes one ONNX graph whose outputs
are the members' mean logits, so the app needs no change. Size and time grow with the number of members.

usage: /usr/bin/python3 training/ensemble.py OUT_DIR RUN_DIR1 RUN_DIR2 [RUN_DIR3 ...]
Every member must have been trained with the same source head (identical source_labels)."""
import json
import os
import sys

import torch

from common import write_json
from soup import check_same_network


def merge(states):
    """{'members.<i>.<key>': tensor} from the members' state_dicts, after checking they describe the same network."""
    check_same_network(states)
    return {f'members.{i}.{k}': t for i, s in enumerate(states) for k, t in s.items()}


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    out, runs = sys.argv[1], sys.argv[2:]
    labels = [json.load(open(os.path.join(r, 'labels.json'))) for r in runs]
    for r, l in zip(runs, labels):
        if l['source_labels'] != labels[0]['source_labels']:
            raise SystemExit(f'{r}: source head differs from {runs[0]}')
        if l.get('members', 1) != 1:
            raise SystemExit(f'{r} is already an ensemble')
    states = [torch.load(os.path.join(r, 'classifier.pt'), map_location='cpu') for r in runs]
    os.makedirs(out, exist_ok=True)
    torch.save(merge(states), os.path.join(out, 'classifier.pt'))
    write_json(
        os.path.join(out, 'labels.json'),
        {
            **labels[0],
            'members': len(runs),
            'member_runs': [os.path.basename(os.path.normpath(r)) for r in runs],
            'seed': [lab['seed'] for lab in labels],
        },
    )
    print(f'{out}: ensemble of {len(runs)} runs ({", ".join(runs)})')


if __name__ == '__main__':
    main()
