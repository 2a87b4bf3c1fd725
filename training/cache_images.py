"""Step 2: decode every image of split.tsv once (EXIF-oriented, RGB, small ones upscaled to the crop size) into
a cache of uint8 arrays, so training epochs do not re-decode. Very large images keep a centred 1024x1024 window:
the classifier only ever sees native-resolution 224 crops, so nothing is resized."""
import os
import pickle
import sys

import numpy as np

from common import CACHE, read_rows, load_rgb, read_split

MAX_SIDE = 1024


def main():
    """--update: keep the images already cached and decode only the split's files that are missing."""
    os.makedirs(CACHE, exist_ok=True)
    full = {r['path']: r['full'] for r in read_rows()}
    target = os.path.join(CACHE, 'images.pkl')
    out = pickle.load(open(target, 'rb')) if '--update' in sys.argv[1:] and os.path.exists(target) else {}
    bad = 0
    for i, r in enumerate(read_split()):
        if r['path'] in out:
            continue
        try:
            im = load_rgb(full[r['path']])
        except Exception as e:  # a corrupt file is reported, not fatal
            print(f"skip {r['path']}: {e}", file=sys.stderr)
            bad += 1
            continue
        w, h = im.size
        if w > MAX_SIDE or h > MAX_SIDE:
            x, y = max(0, (w - MAX_SIDE) // 2), max(0, (h - MAX_SIDE) // 2)
            im = im.crop((x, y, x + min(w, MAX_SIDE), y + min(h, MAX_SIDE)))
        out[r['path']] = np.asarray(im, dtype=np.uint8)
        if i % 200 == 0:
            print(i, flush=True)
    with open(target, 'wb') as f:
        pickle.dump(out, f, protocol=4)
    print(f'cached {len(out)} images, {bad} unreadable')


if __name__ == '__main__':
    main()
