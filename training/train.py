"""Step 3: fine-tune ImageNet MobileNetV2 with two heads on random native-resolution crops, augmentations applied
to both classes alike. Writes runs/classifier.pt and runs/labels.json.

Aligned fakes (optional, off by default): --aligned cache/aligned.pkl (make_aligned.py) adds each TAEF2
reconstruction of a training real photo as an `ai` example. They pass through the same crops and augmentations as
every other image, teach the generation head only (their source loss is masked), and do not change which classes the
source head has.

usage: /usr/bin/python3 train.py [--epochs 8] [--seed 0] [--threads 2] [--no-channels-last] [--jpeg-p 0.6] [--jpeg-twice 0] [--aligned cache/aligned.pkl [--aligned cache/upscaled.pkl]]
(VERITAS_RUNS=<dir> writes to another run folder; evaluate.py, export.py and model_card.py read the same variable.)

Classifier v3 recipe (fixed before any evaluation of it): VERITAS_RUNS=runs/v3 train.py --epochs 8 --seed 0
--aligned cache/aligned.pkl --aligned cache/upscaled.pkl: v1's recipe plus 300 TAEF2 reconstructions (make_aligned.py
--n 300 --window 320 --seed 0) and 300 ESRGAN-slim 2x round trips (make_upscaled.py, n 300, seed 1) of training
real photos. v2 = the same without upscaled.pkl (declared last session; its first run died at epoch 6). Either ships
only if it beats v1 on validation AUC (0.870) with a false-positive rate on real photos of at most 5%.
Result: v3 not shipped (public/models/README.md, "Candidates").

Classifier v4 recipe (fixed before any evaluation of it): v3's command plus --pair: each aligned fake follows its real
photo in the batch order and both take the same augmentation draws (rescale, JPEG quality, blur, flip, noise), so
what separates them is the decoder's trace alone, never a different re-encoding. Judged against v1 at the pooled
operating point (evaluate.py --onnx ... --threshold-over variants): ships only if it catches more AI images than v1
(58.2%, mean over the six versions) and has no higher false-positive rate on JPEG q90 and q75 copies.
Result (int8, 5 crops): AUC 0.882; pooled-threshold detection 55.6% (v1 58.2%), JPEG q90 / q75 FPR 6.6% / 5.1% (v1
5.8% / 4.7%). Not shipped (public/models/README.md, "Candidates").

Classifier v5 recipe (fixed before any evaluation of it): no new training. soup.py runs/v5/classifier.pt
runs/v3/classifier.pt runs/v4/classifier.pt (uniform weight average of v3 and v4, both fine-tuned from the same
ImageNet weights on the same data; labels.json copied from v4), evaluated int8 (evaluate.py --int8 --threshold-over
variants). v4's ship rule: more AI images caught than v1 at the pooled operating point (58.2%) and no higher false-
positive rate on JPEG q90 / q75 copies (v1 5.8% / 4.7%).
Result (int8, 5 crops): AUC 0.870; pooled threshold 0.851, detection 54.4% (v1 58.1%), JPEG q90 / q75 FPR 7.8% / 6.6%.
Not shipped.

Classifier v6 recipe (fixed before any evaluation of it): VERITAS_RUNS=runs/v6 train.py --epochs 16 --seed 0: v1's
recipe (no aligned fakes) trained twice as long. Every run so far ended with training accuracy still rising
(v3: 0.62 -> 0.76 over 8 epochs, about +2 points an epoch): under-fitted, not over-fitted. Scored int8
(evaluate.py --int8 --threshold-over variants); ships only if its AUC is above v1's (0.872), it catches more AI
images than v1 at the pooled operating point (58.1%), and its JPEG q90 / q75 false-positive rates there are no higher
than v1's (5.8% / 4.7%).
Result (int8, 5 crops, 48.9 min, final train-acc 0.887): AUC 0.903 (v1 0.872), JPEG q75 0.896, screenshot 0.911;
pooled threshold 0.764, detection 66.5% (v1 58.1%); JPEG q90 / q75 FPR 6.2% / 6.6% (v1 5.8% / 4.7%): fails the
last clause, so not shipped, although it is better on every other figure. Longer training was the lever.

Classifier v8 and v9 recipes (fixed before any evaluation of them, after v6's result): v8 = v6's recipe with
--seed 1 (VERITAS_RUNS=runs/v8 train.py --epochs 16 --seed 1), an independent replicate; v9 = soup.py of v6 and v8
(two seeds from the same ImageNet weights, one parameterisation). Rule for each, int8, --threshold-over variants:
issue 2's floors on false positives (<= 5% on the stored real photos) and JPEG q75 AUC drop (<= 0.05); AUC above
v1's by more than this split's standard error (>= 0.887); more AI images caught at the pooled operating point than
v1 (58.1%); JPEG q90 / q75 false-positive rates there at most one standard error (1.4 points on 257 real photos)
above v1's: <= 7.2% / 6.1% (v6 would fail this too: 6.6% at q75). If both pass, the higher pooled detection ships.
Result (int8, 5 crops): v8 AUC 0.875, pooled detection 60.6%, JPEG q90 / q75 FPR 8.9% / 5.8%; v9 AUC 0.879, detection
60.9%, FPR 7.0% / 5.4%, top-1 on trained generators 75.8%. Both fail the AUC clause: not shipped. The same recipe gave
0.903 with seed 0 and 0.875 with seed 1, so seed-to-seed spread on this split is about 0.03 AUC.

Classifier v10, v11, v12 recipes (fixed before any of them was trained, 2026-11-29): v10 = v6's recipe with --seed 2,
v11 = with --seed 3 (VERITAS_RUNS=runs/v10 train.py --epochs 16 --seed 2 --threads 1, the two trained side by side).
v12 = ensemble.py of v10 and v11: one ONNX graph holding both networks, generation and source logits averaged
(2 x 2.42 MB int8, under issue 2's 5 MB). Why an ensemble and not a soup: on the stored scores of v6 and v8, the
mean of their calibrated logits scores AUC 0.895 where their weight average (v9) scored 0.879 (an analysis of already
measured runs, done before this declaration; it is why v12 is an ensemble, so v12 is judged on two new seeds only).
Only v12 is a ship candidate; v10 and v11 alone are reported to measure the recipe's spread, never shipped, so that
picking the luckiest seed is not an option. v12's rule: v8/v9's rule unchanged (int8, 5 crops, --threshold-over
variants: false positives <= 5% on the stored real photos; JPEG q75 AUC drop <= 0.05; AUC >= 0.887; more than 58.1% of
AI images caught at the pooled operating point; JPEG q90 / q75 false-positive rates there <= 7.2% / 6.1%), and with
3 crops in the browser at most 2.2x v1's time per image in an alternated `npm run bench` run.
Result (int8, 5 crops): v12 AUC 0.899 (JPEG q75 0.889, screenshot 0.905), pooled threshold 0.772, detection 66.7%,
JPEG q90 / q75 false positives 7.0% / 6.2% (16 of 257 real photos at q75; the clause allows 15): fails the last
clause by one photo, not shipped. Top-1 on trained generators 78.0%.

Classifier v13, v14, v15 recipes (fixed before any of them was trained, after v12's result): every 16-epoch run so
far (v6, v8, v12) flags more JPEG re-encoded real photos than v1 at the pooled threshold, so the JPEG augmentation is
strengthened for both classes alike: a re-encode with chance 0.8 instead of 0.6, and a re-encoded image is re-encoded
again at an independent quality (50-100) with chance 0.3 (train.py --jpeg-p 0.8 --jpeg-twice 0.3). v13 = that with
--epochs 16 --seed 4, v14 = --seed 5 (--threads 1, side by side); v15 = ensemble.py of v13 and v14, the only ship
candidate, judged by v12's rule unchanged (size and latency clauses included). v13 and v14 alone are reported, never
shipped.
Result (int8, 5 crops; 55.8 / 57.6 min): v15 AUC 0.904 (JPEG q75 0.896, screenshot 0.906), false positives 3.1%,
pooled threshold 0.770, detection 66.8% (v1 58.1%), JPEG q90 / q75 false positives 5.8% / 4.7% (v1's own figures),
top-1 on trained generators 76.3%; 4.86 MB; ~2.1x v1's time per image (peers benchmark). Every clause passed:
shipped as classifier version 2 (VERITAS_RUNS=runs/v15 export.py --version 2).

Classifier v16, v17, v18 recipes (fixed before any of them was trained, 2026-12-05): longer training has been the one
lever that moved AUC (8 -> 16 epochs: v1 0.872 -> v6/v8/v12/v15 0.875-0.904), and v13/v14 still ended with training
accuracy rising, so v13's recipe is trained 24 epochs instead of 16 (OneCycle schedule stretched to match):
v16 = VERITAS_RUNS=runs/v16 train.py --epochs 24 --seed 6 --jpeg-p 0.8 --jpeg-twice 0.3 --threads 1, v17 = the same
with --seed 7 (side by side), both in channels-last memory layout (faster on CPU: 13-14 img/s each side by side
vs ~11; float rounding only). v18 = ensemble.py of v16 and v17, the only ship candidate; v16 and v17 alone are reported where time allows,
never shipped. v18 replaces v2 only if (int8, 5 crops, --threshold-over variants): AUC >= 0.914 (v2's 0.904 plus
0.01); false positives on stored real photos <= 5%; JPEG q75 AUC drop <= 0.05; source top-1 on trained generators
>= 70%; pooled-threshold detection >= v2's 66.8%; JPEG q90 / q75 false positives at the pooled threshold <= 7.2% /
6.1% (v2's 5.8% / 4.7% plus one standard error); size and time as v2's (same graph).
Result (int8, 5 crops; 59.9 / 58.1 min, final train-acc 0.900 / 0.911): v18 AUC 0.898 (JPEG q75 0.891, screenshot
0.900), false positives 3.9%, pooled threshold 0.741, detection 69.0%, JPEG q90 / q75 false positives 5.1% / 4.7%,
top-1 on trained generators 78.0%. Fails the AUC clause (0.914): not shipped. 24 epochs did not beat 16 (v15 0.904):
training length has stopped being the lever.

Classifier v19, v20, v21 recipes (fixed before any of them was trained, 2026-12-05, after v18's result): v13's recipe
(16 epochs, --jpeg-p 0.8 --jpeg-twice 0.3) plus the 300 paired TAEF2 aligned fakes of v4 (make_aligned.py --n 300
--window 320 --seed 0; train.py --aligned cache/aligned.pkl --pair). Why: at 8 epochs aligned fakes raised AUC
(v3 0.878, v4 0.882 vs v1 0.872) and detection of generators never trained on (Gemini, GPT Image 2, DALL-E 2), and
failed only on false positives after JPEG re-encoding, which v13's stronger JPEG augmentation then fixed; the two
were never combined. v19 = VERITAS_RUNS=runs/v19 train.py --epochs 16 --seed 8 --jpeg-p 0.8 --jpeg-twice 0.3
--aligned cache/aligned.pkl --pair --threads 1, v20 = the same with --seed 9 (side by side); v21 = ensemble.py of
v19 and v20, the only ship candidate, judged by v18's rule unchanged (AUC >= 0.914 and v2's other clauses).
Result (int8, 5 crops; 70.3 / 49.1 min side by side, final train-acc 0.792 / 0.803): v21 AUC 0.893 (JPEG q90 0.881,
q75 0.883, crop 0.874, screenshot 0.900), false positives 3.1%, pooled threshold 0.806, detection 67.3%, JPEG q90 /
q75 false positives 6.6% / 4.3%, top-1 on trained generators 73.3%. Fails the AUC clause: not shipped. Aligned fakes
did not add to v13's recipe (v15 0.904)."""
import argparse
import collections
import json
import math
import os
import pickle
import random
import time

import numpy as np
import torch
from PIL import Image

from common import CACHE, MIN_SOURCE_TRAIN, RUNS, Net, augment, read_split, seed_all, write_json

WEIGHTS = os.path.join(CACHE, 'mobilenet_v2_imagenet_fp32_torchvision.pth')


def real_of(path):
    """'aligned:<p>' / 'upscaled:<p>' -> p; a real or generated file -> itself."""
    head, _, rest = path.partition(':')
    return rest if head in ('aligned', 'upscaled') and rest else path


def paired_order(order):
    """The shuffled order with each aligned fake moved right after its real photo (same content, one batch)."""
    fakes = collections.defaultdict(list)
    for r in order:
        if real_of(r['path']) != r['path']:
            fakes[real_of(r['path'])].append(r)
    out = []
    for r in order:
        if real_of(r['path']) == r['path']:
            out.append(r)
            out.extend(fakes.pop(r['path'], []))
    for rest in fakes.values():   # fakes whose real photo is not in training (none expected)
        out.extend(rest)
    return out


def aug_rng(r, rng, pair_seeds):
    """The augmentation draws for one image: the shared stream, or with --pair one seed per real photo that its
    aligned fakes reuse, so a pair gets the same rescale, JPEG quality, blur, flip and noise decisions."""
    if pair_seeds is None:
        return rng
    key = real_of(r['path'])
    if key not in pair_seeds:
        pair_seeds[key] = rng.random()
    return random.Random(pair_seeds[key])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--epochs', type=int, default=8)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--jpeg-p', type=float, default=0.6, help='chance of a JPEG re-encode in augmentation (both classes)')
    ap.add_argument('--jpeg-twice', type=float, default=0.0, help='chance that a re-encoded image is re-encoded again')
    ap.add_argument('--threads', type=int, default=2,
                    help='torch CPU threads; 1 when two runs share two cores (changes float rounding only, not the recipe)')
    ap.add_argument('--channels-last', action=argparse.BooleanOptionalAction, default=True,
                    help='NHWC memory layout (~1.2x faster on CPU; float rounding only). --no-channels-last: runs up to v15')
    ap.add_argument('--aligned', action='append', default=[],
                    help='pickle of aligned fakes (make_aligned.py, make_upscaled.py); repeatable; none by default')
    ap.add_argument('--pair', action='store_true',
                    help='keep each aligned fake next to its real photo in the batch order, with the same augmentation draws')
    args = ap.parse_args()
    seed_all(args.seed)
    torch.set_num_threads(args.threads)
    os.makedirs(RUNS, exist_ok=True)

    images = pickle.load(open(os.path.join(CACHE, 'images.pkl'), 'rb'))
    train = [r for r in read_split() if r['split'] == 'train' and r['path'] in images]
    counts = collections.Counter(r['hive_class'] for r in train)
    source_labels = ['none'] + sorted(c for c, n in counts.items() if c != 'none' and n >= MIN_SOURCE_TRAIN)
    sidx = {c: i for i, c in enumerate(source_labels)}
    print('source head:', {c: counts[c] for c in source_labels})
    n_aligned = 0
    for path in args.aligned:
        fakes = pickle.load(open(path, 'rb'))
        clash = set(fakes) & set(images)
        if clash:
            raise SystemExit(f'{path}: {len(clash)} keys already used (e.g. {sorted(clash)[0]}); aligned sets need distinct keys')
        images.update(fakes)
        # hive_class '' is in no head class, so sidx.get gives -100: the source loss ignores these rows.
        name = os.path.splitext(os.path.basename(path))[0]
        train += [{'path': k, 'label': 'ai', 'generator': f'aligned:{name}', 'hive_class': ''} for k in sorted(fakes)]
        n_aligned += len(fakes)
        print(f'aligned fakes from {path}: {len(fakes)} (train now {len(train)} images)')

    net = Net(len(source_labels))
    if not os.path.exists(WEIGHTS):
        raise SystemExit(f'missing {WEIGHTS}: run the MobileNetV2 conversion first (training/README.md)')
    sd = torch.load(WEIGHTS, map_location='cpu')
    net.features.load_state_dict({k[len('features.'):]: v for k, v in sd.items() if k.startswith('features.')})
    if args.channels_last:
        # oneDNN runs MobileNetV2 faster on CPU in NHWC (side by side: 13-14 img/s vs ~11); the checkpoint is the same.
        net = net.to(memory_format=torch.channels_last)

    params = [{'params': net.features.parameters(), 'lr': 3e-4},
              {'params': list(net.generation.parameters()) + list(net.source.parameters()), 'lr': 1e-3}]
    opt = torch.optim.AdamW(params, weight_decay=1e-4)
    steps_per_epoch = math.ceil(len(train) / args.batch)
    total = steps_per_epoch * args.epochs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[3e-4, 1e-3], total_steps=total, pct_start=0.1)
    # Written before the first epoch so a checkpoint can be evaluated while training still runs.
    write_json(os.path.join(RUNS, 'labels.json'), {'source_labels': source_labels, 'train_counts': dict(counts),
                                                    'epochs': args.epochs, 'seed': args.seed,
                                                    'aligned': [os.path.basename(p) for p in args.aligned] or None,
                                                    'n_aligned': n_aligned, 'jpeg_p': args.jpeg_p, 'jpeg_twice': args.jpeg_twice,
                                                    'channels_last': args.channels_last})
    rng = random.Random(args.seed)
    # --pair: one augmentation seed per real photo per epoch, shared with its aligned fakes (drawn in the loop).
    pair_seeds = {} if args.pair else None
    step = 0
    t_start = time.time()
    for epoch in range(args.epochs):
        net.train()
        order = train[:]
        rng.shuffle(order)
        if args.pair:
            order = paired_order(order)
        t0 = time.time()
        tot = collections.Counter()
        if pair_seeds is not None:
            pair_seeds.clear()
        for b in range(0, len(order), args.batch):
            batch = order[b:b + args.batch]
            x = torch.stack([augment(Image.fromarray(images[r['path']]), aug_rng(r, rng, pair_seeds), args.jpeg_p, args.jpeg_twice) for r in batch])
            if args.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            y = torch.tensor([1 if r['label'] == 'ai' else 0 for r in batch])
            ys = torch.tensor([sidx.get(r['hive_class'], -100) for r in batch])
            g, s = net(x)
            loss = torch.nn.functional.cross_entropy(g, y)
            if (ys >= 0).any():
                loss = loss + 0.5 * torch.nn.functional.cross_entropy(s, ys, ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            tot['loss'] += loss.item() * len(batch)
            tot['acc'] += (g.argmax(1) == y).sum().item()
            tot['n'] += len(batch)
        print(f"epoch {epoch + 1}/{args.epochs} loss {tot['loss'] / tot['n']:.4f} train-acc {tot['acc'] / tot['n']:.3f} "
              f"{tot['n'] / (time.time() - t0):.1f} img/s", flush=True)
        # contiguous: the checkpoint reads the same whatever layout trained it
        torch.save({k: v.contiguous() for k, v in net.state_dict().items()}, os.path.join(RUNS, 'classifier.pt'))
    print(f'done in {(time.time() - t_start) / 60:.1f} min')


if __name__ == '__main__':
    main()
