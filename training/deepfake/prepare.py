"""Step 1: pick the face material from ../shared/data (manifest.tsv) and data-extra (extra.tsv), extract frames from
clips, and write every image as PNG (EXIF orientation applied) under runs/images/, with runs/images.tsv:
id, split, label, group, source path. Training sees only split=train (real faces); everything else is evaluation.
The source-level split is also written to training/deepfake/split.tsv (committed), one line per listed item.

Split by source (never by file): evaluation real faces come from EVAL_REAL (deepface test photos, SadTalker's and
MEAD's real clips, DeepFaceLab/GHOST originals), evaluation fakes are every deepfake item. Training reals are every
other real item of the two lists (CelebA / CelebA-HQ / FFHQ stills, LivePortrait driving clips, the b3/b6 camera
photos and clips, ImageNet and camera-original samples...): the detector decides which of them hold a face. Nothing
under b5/ (the extra deepfake bundles and their originals) is used for training, so no person or clip of the
evaluation set reaches training. All deepfake material is evaluation (training makes its own pseudo-fakes); the
bundles added after v1 (EVAL_NEW) are split 'eval_new' so the main evaluation set stays v1's.

v2: training clips give TRAIN_FRAMES evenly spaced frames (evaluation clips keep the v1 frame times, so the
evaluation set is unchanged), and training stills are edge-padded by PAD of their size on each side: BlazeFace
short-range misses faces that fill the whole picture (tight CelebA / FFHQ crops), and edge replication is what the
app's own crop warp does past the border.

Run: /usr/bin/python3 training/deepfake/prepare.py
"""
import csv
import io
import os
import subprocess
import sys

import numpy as np
from PIL import Image, ImageOps

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, '..', 'shared', 'data')
EXTRA = os.path.join(ROOT, 'data-extra')
HERE = os.path.join(ROOT, 'training', 'deepfake')
RUNS = os.path.join(HERE, 'runs')
OUT = os.path.join(RUNS, 'images')
FRAME_TIMES = (0.4, 1.2, 2.0)  # evaluation clips (as in v1)
TRAIN_FRAMES = 16  # training clips: evenly spaced over the clip
PAD = 0.2  # training stills: edge padding on each side, fraction of the longer side
MAX_SIDE = 1280
VIDEO = ('.mp4', '.mov', '.webm', '.avi', '.mkv')

NEVER_TRAIN = ('b5/',)  # the extra deepfake bundles: their real items are the originals of evaluation fakes
# Deepfake items added to data-extra after v1 was evaluated: split 'eval_new', scored by evaluate.py in a separate
# section, so that the main figures stay comparable with v1's (same 120 fake / 64 real frames).
EVAL_NEW = ('b5/roop/', 'b5/vexpress/', 'b8/')
EVAL_REAL = (
    'real_faces/deepface_tests/',
    'real_videos/sadtalker_ref/',
    'b5/dreamtalk/mead_real/',
    'b5/deepfacelab/',
    'b5/ghost/',
)


def rows():
    for tsv, base in ((os.path.join(SHARED, 'manifest.tsv'), SHARED), (os.path.join(SHARED, 'extra.tsv'), EXTRA)):
        with open(tsv) as f:
            for r in csv.DictReader(f, delimiter='\t'):
                yield r, os.path.join(base, r['path'])


def fake_repos():
    """Repositories (source_repo) that hold a deepfake item. Their real items are the originals, drivers or other
    clips of the same people and recordings as evaluation fakes (b8: StyleTalk's Obama clips beside its demo fake), so
    they never train; npm run eval:deepfake scores them as real files."""
    return {r['source_repo'] for r, _ in rows() if r['label'] == 'deepfake' and r.get('source_repo')}


def split_of(r, never_train_repos=frozenset()):
    p, label = r['path'], r['label']
    if label == 'deepfake':
        return 'eval_new' if p.startswith(EVAL_NEW) else 'eval'
    if label != 'real':
        return None
    if p.startswith(EVAL_REAL):
        return 'eval'
    if p.startswith(NEVER_TRAIN) or r.get('source_repo') in never_train_repos:
        return None
    return 'train'


def save(img, dst, pad=0.0):
    img = ImageOps.exif_transpose(img).convert('RGB')
    if max(img.size) > MAX_SIDE:
        s = MAX_SIDE / max(img.size)
        img = img.resize((round(img.width * s), round(img.height * s)), Image.BICUBIC)
    if pad:
        p = round(max(img.size) * pad)
        img = Image.fromarray(np.pad(np.asarray(img), ((p, p), (p, p), (0, 0)), mode='edge'))
    img.save(dst)


def duration(path):
    r = subprocess.run(
        ['ffprobe', '-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path],
        capture_output=True,
        text=True,
    )
    try:
        return float(r.stdout.strip())
    except ValueError:
        return 2.4


def frames(path, train=False):
    ext = os.path.splitext(path)[1].lower()
    if ext in VIDEO:
        if train:
            d = duration(path)
            times = [round(d * (k + 0.5) / TRAIN_FRAMES, 3) for k in range(TRAIN_FRAMES)]
        else:
            times = FRAME_TIMES
        out = []
        for t in times:
            r = subprocess.run(
                [
                    'ffmpeg',
                    '-v',
                    'error',
                    '-ss',
                    str(t),
                    '-i',
                    path,
                    '-frames:v',
                    '1',
                    '-f',
                    'image2pipe',
                    '-vcodec',
                    'png',
                    '-',
                ],
                capture_output=True,
            )
            if r.returncode == 0 and r.stdout:
                out.append(Image.open(io.BytesIO(r.stdout)))
        return out
    img = Image.open(path)
    n = getattr(img, 'n_frames', 1)
    if n > 1:
        out = []
        for k in sorted({0, n // 2, n - 1}):
            img.seek(k)
            out.append(img.copy())
        return out
    return [img]


def main():
    os.makedirs(OUT, exist_ok=True)
    n = 0
    split_rows = []
    with open(os.path.join(RUNS, 'images.tsv'), 'w') as f:
        f.write('id\tsplit\tlabel\tgroup\tsource\n')
        never_train_repos = fake_repos()
        for r, path in rows():
            split = split_of(r, never_train_repos)
            if split is None or not os.path.exists(path):
                continue
            group = '/'.join(r['path'].split('/')[:2])
            train = split == 'train'
            try:
                imgs = frames(path, train)
            except Exception as e:  # unreadable file: listed in the log, skipped
                print('skip', path, e, file=sys.stderr)
                continue
            is_still = os.path.splitext(path)[1].lower() not in VIDEO and len(imgs) == 1
            for k, img in enumerate(imgs):
                iid = f'{n:05d}'
                try:
                    save(img, os.path.join(OUT, iid + '.png'), PAD if train and is_still else 0.0)
                except Exception as e:
                    print('skip', path, k, e, file=sys.stderr)
                    continue
                f.write(f"{iid}\t{split}\t{r['label']}\t{group}\t{r['path']}#{k}\n")
                n += 1
            split_rows.append((r['path'], r['label'], split, len(imgs)))
            if len(split_rows) % 100 == 0:
                print(len(split_rows), 'items', n, 'images', flush=True)
    with open(os.path.join(HERE, 'split.tsv'), 'w') as f:
        f.write(
            '# written by prepare.py: every manifest.tsv / extra.tsv item the deepfake head uses, by source path.\n'
        )
        f.write(
            '# train = real faces for self-blending (training); eval = held out (evaluate.py). '
            'Items not listed are unused.\n'
        )
        f.write('path\tlabel\tsplit\tframes\n')
        for row in split_rows:
            f.write('\t'.join(str(v) for v in row) + '\n')
    print('images', n)


if __name__ == '__main__':
    main()
