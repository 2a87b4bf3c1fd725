"""The decoded-image cache that training and evaluation read (cache_images.py writes it).

cache/images.pkl is a dict path -> uint8 [H, W, 3]; loading it costs each process ~4 GB of private memory, so two
trainings and an evaluation side by side did not fit in 24 GB. cache/images.npy (every image's bytes, end to end)
with cache/images.json (path -> offset and shape) is the same data memory-mapped: processes share one copy in the page
cache. load_images() prefers it and writes it from the pickle the first time."""
import json
import os
import pickle

import numpy as np

from common import CACHE

PKL = os.path.join(CACHE, 'images.pkl')
FLAT = os.path.join(CACHE, 'images.npy')
INDEX = os.path.join(CACHE, 'images.json')


class Images(dict):
    """dict-like: flat-cache entries resolve to read-only views of the memory map; added entries (aligned fakes)
    live in the dict itself."""

    def __init__(self, flat, index):
        super().__init__()
        self._flat, self._index = flat, index

    def __getitem__(self, key):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        off, shape = self._index[key]
        return self._flat[off : off + int(np.prod(shape))].reshape(shape)

    def __contains__(self, key):
        return dict.__contains__(self, key) or key in self._index

    def keys(self):
        return set(self._index) | set(dict.keys(self))

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self.keys())


def write_flat(images):
    index, off = {}, 0
    for k in sorted(images):
        index[k] = (off, list(images[k].shape))
        off += images[k].size
    flat = np.lib.format.open_memmap(FLAT + '.tmp', mode='w+', dtype=np.uint8, shape=(off,))
    for k, (o, shape) in index.items():
        flat[o : o + images[k].size] = images[k].reshape(-1)
    flat.flush()
    del flat
    os.replace(FLAT + '.tmp', FLAT)
    with open(INDEX, 'w', encoding='utf-8') as f:
        json.dump(index, f)


def load_images():
    stale = (
        not os.path.exists(FLAT)
        or not os.path.exists(INDEX)
        or (os.path.exists(PKL) and os.path.getmtime(PKL) > os.path.getmtime(INDEX))
    )
    if stale:
        write_flat(pickle.load(open(PKL, 'rb')))
    return Images(np.load(FLAT, mmap_mode='r'), {k: tuple(v) for k, v in json.load(open(INDEX)).items()})
