"""Step 4: export runs/deepfake.pt to public/models/deepfake.onnx (opset 17, int8 per-channel weights with
DequantizeLinear, written with the onnx API) and write public/models/deepfake.json. Also writes golden logits for
test/faces/deepfakeModel.test.ts (the ONNX run in onnxruntime-web must match the torch model).

Run: /usr/bin/python3 training/deepfake/export.py   (after train.py and evaluate.py: reads runs/threshold.json)
"""
import hashlib
import json
import os
import shutil

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

import faces as fc
from model import MEAN, SIZE, STD, golden_input, load_net, quantized_net
from quant import eligible, quantize

torch.set_num_threads(2)
ROOT = os.path.abspath(os.path.join(fc.HERE, '..', '..'))
OUT = os.path.join(ROOT, 'public', 'models')
GOLDEN = os.path.join(ROOT, 'test', 'faces', 'deepfake-golden.json')
VERSION = 6  # the run's name: v3-v5 were candidates not shipped
ARCHITECTURE = (
    'MobileNetV2-1.0 (ImageNet init), one logit; trained on pseudo-fakes from real faces: self-blended (SBI) and '
    'autoencoder re-synthesised (TAEF2); v6 = uniform weight average (training/soup.py) of runs v1, v2, v3'
)
ALIGNMENT = (
    'src/core/faces/align.ts alignmentTransform: box centre, eye line levelled, side = max(w,h) * (1 + 2 * margin)'
)


class Wrapper(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(x)


def _transposed_gemm(node):
    return node.op_type == 'Gemm' and any(a.name == 'transB' and a.i == 1 for a in node.attribute)


def quantize_graph(model):
    """Replace every eligible Conv / Gemm weight initialiser by int8 + scale + zero point behind a DequantizeLinear
    node (axis 0: per output channel; a Gemm only with transB = 1, whose rows are its outputs). Returns the count."""
    inits = {i.name: i for i in model.graph.initializer}
    users = {}
    for n in model.graph.node:
        if n.op_type in ('Conv', 'Gemm') and len(n.input) > 1:
            users.setdefault(n.input[1], []).append(n)
    new_nodes, removed = [], set()
    for name, nodes in users.items():
        init = inits.get(name)
        if init is None:
            continue
        w = numpy_helper.to_array(init)
        if not eligible(w) or any(n.op_type == 'Gemm' and not _transposed_gemm(n) for n in nodes):
            continue
        q, scale = quantize(w)
        removed.add(name)
        model.graph.initializer.extend(
            [
                numpy_helper.from_array(q, name + '_q'),
                numpy_helper.from_array(scale, name + '_scale'),
                numpy_helper.from_array(np.zeros(scale.shape, np.int8), name + '_zp'),
            ]
        )
        inputs = [name + '_q', name + '_scale', name + '_zp']
        new_nodes.append(helper.make_node('DequantizeLinear', inputs, [name], name=name + '_dq', axis=0))
    kept = [i for i in model.graph.initializer if i.name not in removed]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    nodes = list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(new_nodes + nodes)
    return len(removed)


def export_onnx(weights, path):
    """fp32 export through torch (runs/deepfake_fp32.onnx), then int8 weights; returns the tensors quantised."""
    wrapper = Wrapper(load_net(weights)).eval()
    fp32 = os.path.join(fc.RUNS, 'deepfake_fp32.onnx')
    torch.onnx.export(
        wrapper,
        torch.zeros(1, 3, SIZE, SIZE),
        fp32,
        opset_version=17,
        input_names=['input'],
        output_names=['logit'],
        dynamic_axes={'input': {0: 'batch'}, 'logit': {0: 'batch'}},
        do_constant_folding=True,
    )
    model = onnx.load(fp32)
    nq = quantize_graph(model)
    model.producer_name = 'veritas-lens training/deepfake/export.py'
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return nq


def manifest(data, nq, cal):
    return {
        'name': 'deepfake',
        'version': VERSION,
        'file': 'deepfake.onnx',
        'sha256': hashlib.sha256(data).hexdigest(),
        'bytes': len(data),
        'architecture': ARCHITECTURE,
        'input': {
            'name': 'input',
            'size': SIZE,
            'mean': [float(v) for v in MEAN],
            'std': [float(v) for v in STD],
            'layout': 'NCHW',
            'margin': fc.MARGIN,
            'range': 'RGB / 255',
        },
        'output': {'name': 'logit', 'meaning': 'logit of P(face is manipulated: swapped, blended or re-synthesised)'},
        'temperature': cal['temperature'],
        'threshold': cal['threshold'],
        'min_face_px': fc.MIN_FACE_PX,
        'tta_flip': bool(cal.get('tta_flip', True)),
        'alignment': ALIGNMENT,
        'quantization': f'int8 per-output-channel symmetric weights ({nq} tensors, DequantizeLinear), fp32 activations',
        # The items this version trained on, frozen (prepare.py rewrites split.tsv for the next run): npm run
        # eval:deepfake reads it to leave them out.
        'train_split': f'training/deepfake/split-v{VERSION}.tsv',
    }


def write_json(path, obj):
    with open(path, 'w') as f:
        json.dump(obj, f, indent=2)
        f.write('\n')


def main():
    weights = os.path.join(fc.RUNS, 'deepfake.pt')
    path = os.path.join(OUT, 'deepfake.onnx')
    nq = export_onnx(weights, path)
    data = open(path, 'rb').read()
    cal = json.load(open(os.path.join(fc.RUNS, 'threshold.json')))
    write_json(os.path.join(OUT, 'deepfake.json'), manifest(data, nq, cal))
    shutil.copyfile(os.path.join(fc.HERE, 'split.tsv'), os.path.join(fc.HERE, f'split-v{VERSION}.tsv'))
    # Golden: two deterministic inputs, logits from the quantised-weight torch model (what evaluate.py measures).
    shape = [2, 3, SIZE, SIZE]
    with torch.no_grad():
        logits = quantized_net(weights)(golden_input(shape)).squeeze(1).tolist()
    golden = {'input': 'x[i] = ((i * 7919) % 1000) / 500 - 1, flat NCHW', 'shape': shape, 'logits': logits}
    write_json(GOLDEN, golden)
    print('wrote', path, len(data), 'bytes;', nq, 'tensors quantised; golden', logits)


if __name__ == '__main__':
    main()
