"""Peer architectures for `npm run bench -- --peers`, with random weights (speed does not depend on their values),
exported like ours (ONNX opset 17, batch axis dynamic) and quantised with the same scheme as the shipped model:
int8 weights per output channel behind DequantizeLinear, fp32 activations. Also counts our model's MACs.

usage: /usr/bin/python3 training/peers/build_peers.py [out_dir]   (default bench-models/, gitignored)"""
import json
import os
import sys

import numpy as np
import onnx
import torch
import torchvision
from onnx import helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))

PEERS = {
    # name: (constructor, input size, who uses it)
    'efficientnet_b4_380': (
        lambda: torchvision.models.efficientnet_b4(),
        380,
        "Hive's published detector architecture",
    ),
    'resnet50_224': (lambda: torchvision.models.resnet50(), 224, 'CNNDetection'),
    'vit_b16_224': (lambda: torchvision.models.vit_b_16(), 224, 'Community Forensics, SPAI class'),
    'swin_v2_b_256': (lambda: torchvision.models.swin_v2_b(), 256, 'transformers.js in-browser ports'),
    'mobilenet_v2_224': (lambda: torchvision.models.mobilenet_v2(), 224, 'lightweight open detectors'),
}


def quantise_weights(path):
    """Generic form of export.py's scheme on any ONNX graph: Conv / Gemm / MatMul weights (constant initializers of
    rank >= 2) become int8 per output channel + scale behind DequantizeLinear."""
    model = onnx.load(path)
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    consumers = {}
    for n in g.node:
        for k, name in enumerate(n.input):
            consumers.setdefault(name, []).append((n, k))
    new_nodes, done = [], 0
    for name, init in list(inits.items()):
        uses = consumers.get(name, [])
        if not uses or not all(n.op_type in ('Conv', 'Gemm', 'MatMul') and k == 1 for n, k in uses):
            continue
        w = numpy_helper.to_array(init).astype(np.float32)
        if w.ndim < 2 or w.size < 1024:
            continue
        op = uses[0][0]
        trans_b = any(a.name == 'transB' and a.i == 1 for a in op.attribute) if op.op_type == 'Gemm' else False
        axis = 0 if op.op_type == 'Conv' or trans_b else w.ndim - 1
        moved = np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)
        scale = np.maximum(np.abs(moved).max(axis=1) / 127.0, 1e-12).astype(np.float32)
        shape = [1] * w.ndim
        shape[axis] = -1
        q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
        g.initializer.remove(init)
        g.initializer.extend(
            [
                numpy_helper.from_array(q, name + '_q'),
                numpy_helper.from_array(scale, name + '_scale'),
                numpy_helper.from_array(np.zeros(scale.shape, np.int8), name + '_zp'),
            ]
        )
        new_nodes.append(
            helper.make_node('DequantizeLinear', [name + '_q', name + '_scale', name + '_zp'], [name], axis=axis)
        )
        done += 1
    for i, n in enumerate(new_nodes):
        g.node.insert(i, n)
    onnx.save(model, path)
    return done


def count_macs(net, size):
    macs = [0]

    def hook(mod, inp, out):
        if isinstance(mod, torch.nn.Conv2d):
            macs[0] += out.numel() * (mod.in_channels // mod.groups) * mod.kernel_size[0] * mod.kernel_size[1]
        elif isinstance(mod, torch.nn.Linear):
            macs[0] += out.numel() * mod.in_features

    hs = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    with torch.no_grad():
        net(torch.zeros(1, 3, size, size))
    for h in hs:
        h.remove()
    return macs[0]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, 'bench-models')
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(2)
    torch.manual_seed(0)
    info = {}
    for name, (make, size, who) in PEERS.items():
        path = os.path.join(out, f'{name}.onnx')
        net = make().eval()
        macs = count_macs(net, size)
        if not os.path.exists(path):
            try:
                torch.onnx.export(
                    net,
                    torch.zeros(1, 3, size, size),
                    path,
                    opset_version=17,
                    input_names=['input'],
                    output_names=['logits'],
                    dynamic_axes={'input': {0: 'n'}, 'logits': {0: 'n'}},
                )
            except Exception as e:  # e.g. SwinV2 on torch 1.13: aten::zero has no ONNX export
                if os.path.exists(path):
                    os.remove(path)
                info[name] = {
                    'error': f'ONNX export failed with this torch: {str(e).splitlines()[0][:200]}',
                    'macs': macs,
                    'used_by': who,
                }
                print(name, info[name], flush=True)
                continue
            quantise_weights(path)
        info[name] = {
            'file': f'{name}.onnx',
            'size': size,
            'bytes': os.path.getsize(path),
            'macs': macs,
            'used_by': who,
        }
        print(name, info[name], flush=True)
    # Ours: the shipped classifier's MACs at one 224 crop (architecture only; weights do not change the count).
    from common import Net

    manifest = json.load(open(os.path.join(REPO, 'public', 'models', 'classifier.json')))
    ours = Net(len(manifest['source_labels'])).eval()
    info['ours'] = {'macs_per_crop': count_macs(ours, 224)}
    # A large matrix multiply, to measure what this runtime can do on this machine.
    mm = os.path.join(out, 'matmul_1024.onnx')
    if not os.path.exists(mm):
        a = helper.make_tensor_value_info('a', onnx.TensorProto.FLOAT, [1024, 1024])
        b = numpy_helper.from_array(np.random.default_rng(0).standard_normal((1024, 1024)).astype(np.float32), 'b')
        y = helper.make_tensor_value_info('y', onnx.TensorProto.FLOAT, [1024, 1024])
        graph = helper.make_graph([helper.make_node('MatMul', ['a', 'b'], ['y'])], 'mm', [a], [y], [b])
        onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)]), mm)
    info['matmul_1024'] = {'file': 'matmul_1024.onnx', 'flops': 2 * 1024**3}
    json.dump(info, open(os.path.join(out, 'peers.json'), 'w'), indent=2)


if __name__ == '__main__':
    main()
