"""Optional step 3c: UPSCALED FAKES. Real training photos (split `train` only) are halved and brought back to full
size by the ESRGAN-slim 2x super-resolution network (the model behind the npm package @upscalerjs/esrgan-slim), and
the results become `ai` examples for the generation head, like make_aligned.py's TAEF2 reconstructions: same
content, size and framing as a real photo, so the pair differs only by the upscaler's trace.

The network: @upscalerjs/esrgan-slim 1.0.0, models/x2 (the 2x model; 3x, 4x and 8x ship too). Despite the package
name it is an RDN (residual dense network, meta C=1 D=2 G=4 G0=64, Keras 2.10, converted by TensorFlow.js Converter
1.2.6), float32 weights (no quantisation in the manifest), 222,075 parameters. Fetched outside package.json into
the gitignored cache:

    cd training/cache && npm pack @upscalerjs/esrgan-slim@1.0.0 && mkdir -p esrgan-slim \
      && tar xzf upscalerjs-esrgan-slim-1.0.0.tgz -C esrgan-slim      # -> cache/esrgan-slim/package/models/x2

RDNSlim below is written from models/x2/model.json (layer list, Keras 'same' padding, channels_last) and loads the
.bin shard by its weightsManifest (Keras HWIO kernels -> torch OIHW). Pixel convention, as the `upscaler` package
applies it for the 'rdn' architecture (inputRange = outputRange = [0, 255]): float RGB in 0..255 in, output clipped
to 0..255. --check_tfjs runs the original model with @tensorflow/tfjs (pure-JS CPU backend) in Node on a photo
window and prints the largest difference to this port (needs `npm i --prefix /tmp/tfjs @tensorflow/tfjs@4.11.0`).

- Which photos: the training real photos in a seeded random order (seed 1 by default, not make_aligned's 0, so
  the two fake families sit on mostly different photos and together pair more of the real set), the first --n of
  them; the pickle is rewritten every --save_every fakes, so a run cut short still leaves a reproducible prefix.
- What is upscaled: one --window x --window native-resolution window per photo (make_aligned.window_of: seeded
  position on the 8-px grid; smaller photos whole, cut to a multiple of 8), downscaled 2x with PIL's antialiased
  bicubic and stored as 8-bit (what a low-resolution source is), then upscaled 2x by the network back to the
  window's size.
- File format kept aligned too: when the real file is a JPEG, the result is re-encoded as JPEG at the file's own
  estimated quality (make_aligned.jpeg_quality).

Writes cache/upscaled.pkl: {'upscaled:<path>': uint8 HxWx3} (train.py --aligned takes it as it takes aligned.pkl)
and cache/upscaled.json (per-file quality, PSNR of the network and of plain bicubic vs the original window).

usage: /usr/bin/python3 make_upscaled.py [--n 300] [--window 320] [--seed 1] [--check_tfjs /tmp/tfjs]"""
import argparse
import os
import subprocess
import tempfile
import time

import numpy as np
import torch
from PIL import Image

from augmentation import jpeg
from common import CACHE, write_json
from esrgan_slim import MODEL_DIR, load_model, upscale
from make_aligned import chosen_reals, jpeg_quality, save_pickle, window_of  # imported, not copied


def psnr(a, b):
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return 10 * np.log10(255.0**2 / max(mse, 1e-10))


NODE_RUN = r"""
const tf = require('@tensorflow/tfjs'); const fs = require('fs');
const [dir, inp, h, w, out] = process.argv.slice(1);
const mj = JSON.parse(fs.readFileSync(dir + '/model.json'));
const specs = mj.weightsManifest.flatMap(g => g.weights);
const data = Buffer.concat(mj.weightsManifest.flatMap(g => g.paths.map(p => fs.readFileSync(dir + '/' + p))));
const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
(async () => {
  await tf.setBackend('cpu');
  const topology = {modelTopology: mj.modelTopology, weightSpecs: specs, weightData};
  const m = await tf.loadLayersModel(tf.io.fromMemory(topology));
  const b = fs.readFileSync(inp);
  const x = tf.tensor4d(new Float32Array(b.buffer, b.byteOffset, b.length / 4), [1, +h, +w, 3]);
  const y = m.predict(x);
  fs.writeFileSync(out, Buffer.from((await y.data()).buffer));
  console.log('tfjs', tf.version.tfjs, 'backend', tf.getBackend(), 'out', y.shape.join('x'));
})();
"""


def check_tfjs(net, lr, tfjs_dir, model_dir=MODEL_DIR):
    """Largest |torch - tfjs| on the raw (unclipped) output for one uint8 LR image, in 0..255 units."""
    with tempfile.TemporaryDirectory() as tmp:
        lr.astype('<f4').tofile(os.path.join(tmp, 'in.f32'))
        env = dict(os.environ, NODE_PATH=os.path.join(tfjs_dir, 'node_modules'))
        r = subprocess.run(
            [
                'node',
                '-e',
                NODE_RUN,
                model_dir,
                os.path.join(tmp, 'in.f32'),
                str(lr.shape[0]),
                str(lr.shape[1]),
                os.path.join(tmp, 'out.f32'),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        print(r.stdout.strip(), r.stderr.strip()[-2000:])
        s = net.L['SR'].weight.shape[1] // 3
        ref = np.fromfile(os.path.join(tmp, 'out.f32'), dtype='<f4').reshape(
            lr.shape[0] * int(s**0.5), lr.shape[1] * int(s**0.5), 3
        )
    with torch.no_grad():
        ours = net(torch.from_numpy(lr.astype(np.float32)).permute(2, 0, 1)[None])[0].permute(1, 2, 0).numpy()
    return float(np.abs(ours - ref).max()), float(np.abs(ref).max())


def save(out, info, args, t0):
    save_pickle('upscaled', out)
    v = list(info.values())
    write_json(
        os.path.join(CACHE, 'upscaled.json'),
        {
            'n': len(out),
            'window': args.window,
            'seed': args.seed,
            'model': '@upscalerjs/esrgan-slim@1.0.0 models/x2',
            'mean_psnr_db': float(np.mean([x['psnr_db'] for x in v])),
            'mean_psnr_bicubic_db': float(np.mean([x['psnr_bicubic_db'] for x in v])),
            'jpeg_share': float(np.mean([x['jpeg_quality'] is not None for x in v])),
            'minutes': (time.time() - t0) / 60,
            'order': list(info),
            'files': info,
        },
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=300)
    ap.add_argument('--window', type=int, default=320)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--save_every', type=int, default=25)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--check_tfjs', default='', help='dir with node_modules/@tensorflow/tfjs: compare, then exit')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    net = load_model()
    s = net.scale
    images, full, chosen, rng = chosen_reals(args.n, args.seed)
    if args.check_tfjs:
        for p in chosen[:2]:
            win = window_of(images[p], 96, rng)
            d, m = check_tfjs(net, win, args.check_tfjs)
            print(
                f'{p}: input {win.shape[1]}x{win.shape[0]}, max |torch - tfjs| = {d:.2e} '
                f'(output max {m:.1f}, 0..255 scale)'
            )
        return
    out, info = {}, {}
    t0 = time.time()
    for i, p in enumerate(chosen):
        win = window_of(images[p], args.window, rng)
        h, w = win.shape[:2]
        lr = np.asarray(Image.fromarray(win).resize((w // s, h // s), Image.BICUBIC))  # PIL bicubic is antialiased
        sr = upscale(net, lr)
        bic = np.asarray(Image.fromarray(lr).resize((w, h), Image.BICUBIC))
        res = Image.fromarray((sr + 0.5).astype(np.uint8))
        q = jpeg_quality(full[p])
        if q is not None:
            res = jpeg(res, q)
        out['upscaled:' + p] = np.asarray(res, dtype=np.uint8)
        info[p] = {
            'size': [w, h],
            'jpeg_quality': q,
            'psnr_db': round(psnr(sr, win), 2),
            'psnr_bicubic_db': round(psnr(bic, win), 2),
        }
        if i % 20 == 0:
            print(
                f'{i}/{len(chosen)} {p} q={q} psnr={info[p]["psnr_db"]:.1f} dB '
                f'(bicubic {info[p]["psnr_bicubic_db"]:.1f})'
                f' {(time.time() - t0) / (i + 1):.2f} s/img',
                flush=True,
            )
        if (i + 1) % args.save_every == 0 or i + 1 == len(chosen):
            save(out, info, args, t0)
    print(f'wrote {len(out)} upscaled fakes, {(time.time() - t0) / 60:.1f} min')


if __name__ == '__main__':
    main()
