"""Per-output-channel symmetric int8 weight quantisation, shared by export.py (writes DequantizeLinear into the ONNX
graph) and model.quantized_net (the same round trip on the torch weights, so the AUC evaluate.py measures is the
shipped model's)."""
import numpy as np

MIN_ELEMENTS = 256  # smaller tensors (biases, tiny depthwise kernels stay fp32: no size gain worth the error)


def quantize(w):
    w = np.asarray(w, np.float32)
    flat = w.reshape(w.shape[0], -1)
    scale = np.abs(flat).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(flat / scale[:, None]), -127, 127).astype(np.int8).reshape(w.shape)
    return q, scale.astype(np.float32)


def dequantize(q, scale):
    return (q.astype(np.float32).reshape(q.shape[0], -1) * scale[:, None]).reshape(q.shape)


def eligible(w):
    return w.ndim >= 2 and w.size >= MIN_ELEMENTS
