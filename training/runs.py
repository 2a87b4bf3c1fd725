"""Loading a trained model for scoring: a run folder (labels.json + classifier.pt) or a shipped manifest
(classifier.json + its int8 ONNX file), with the temperatures it was calibrated with."""
import json
import os

import numpy as np
import torch

from common import build_net


def load_shipped(manifest_path):
    """The shipped ONNX model as a torch Net: fold BatchNorm like export.py, then copy every initialiser (int8
    weights times their per-channel scales, fp32 biases) into the parameter of the same name."""
    import onnx
    from onnx import numpy_helper
    from export import fold_bn

    manifest = json.load(open(manifest_path))
    model = onnx.load(os.path.join(os.path.dirname(manifest_path), manifest['file']))
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    net = fold_bn(build_net(len(manifest['source_labels']), manifest.get('members', 1)).eval())
    state = net.state_dict()
    for name in state:
        if name in inits:
            w = inits[name]
        elif name + '_q' in inits:
            q, scale = inits[name + '_q'], inits[name + '_scale']
            w = q.astype(np.float32) * scale.reshape((-1,) + (1,) * (q.ndim - 1))
        else:
            raise SystemExit(f'{name} not in the ONNX file')
        state[name] = torch.from_numpy(np.array(w, dtype=np.float32)).reshape(state[name].shape)
    net.load_state_dict(state)
    return net.eval(), manifest['source_labels']


def load_run(run_dir):
    """A run folder's network in eval mode, its source labels and arch."""
    labels = json.load(open(os.path.join(run_dir, 'labels.json')))
    net = build_net(len(labels['source_labels']), labels.get('members', 1), labels.get('arch', 'mnv2'))
    net.load_state_dict(torch.load(os.path.join(run_dir, 'classifier.pt'), map_location='cpu'))
    return net.eval(), labels['source_labels']


def load_scorer(spec):
    """'path/classifier.json' (shipped) or a run folder scored by evaluate.py: (net, source_labels, temperatures).
    The temperatures are the manifest's, or the run's calibration.json (written by evaluate.py)."""
    if spec.endswith('.json'):
        net, source_labels = load_shipped(spec)
        t = json.load(open(spec))['temperature']
        return net, source_labels, t
    net, source_labels = load_run(spec)
    cal = os.path.join(spec, 'calibration.json')
    if not os.path.exists(cal):
        raise SystemExit(f'{cal} is missing: score the run with evaluate.py first (it fits the temperatures)')
    return net, source_labels, json.load(open(cal))['temperature']
