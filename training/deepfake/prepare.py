"""Step 1: pick the face material from ../shared/data (manifest.tsv) and data-extra (extra.tsv), extract frames from
clips, and write every image as PNG (EXIF orientation applied) under runs/images/, with runs/images.tsv:
id, split, label, group, source path. Training sees only split=train (real faces); everything else is evaluation.

Split by source (never by file): real faces for training come from CelebA / CelebA-HQ / FFHQ stills, the
face_recognition examples and the LivePortrait driving clips; evaluation real faces come from other sources
(deepface test photos, SadTalker's and MEAD's real clips, DeepFaceLab/GHOST originals), so no person or pipeline is
shared between training real faces and evaluation real faces. All deepfake material is evaluation (SBI trains on
real faces only).

Run: /usr/bin/python3 training/deepfake/prepare.py
"""
import csv, os, subprocess, sys
from PIL import Image, ImageOps

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, '..', 'shared', 'data')
EXTRA = os.path.join(ROOT, 'data-extra')
RUNS = os.path.join(ROOT, 'training', 'deepfake', 'runs')
OUT = os.path.join(RUNS, 'images')
FRAME_TIMES = (0.4, 1.2, 2.0)
MAX_SIDE = 1280

TRAIN_REAL = ('real_faces/celeba_via_deepfacelive/', 'real_faces_animals/stargan_v2_representative/celeba_hq',
              'real_faces/ffhq_via_whichfaceisreal/', 'b6/face_recognition/', 'real_videos/liveportrait_driving/')
EVAL_REAL = ('real_faces/deepface_tests/', 'real_videos/sadtalker_ref/', 'b5/dreamtalk/mead_real/',
             'b5/deepfacelab/', 'b5/ghost/')


def rows():
    for tsv, base in ((os.path.join(SHARED, 'manifest.tsv'), SHARED), (os.path.join(SHARED, 'extra.tsv'), EXTRA)):
        with open(tsv) as f:
            for r in csv.DictReader(f, delimiter='\t'):
                yield r, os.path.join(base, r['path'])


def split_of(r):
    p, label = r['path'], r['label']
    if label == 'deepfake':
        return 'eval'
    if label != 'real':
        return None
    if p.startswith(TRAIN_REAL):
        return 'train'
    if p.startswith(EVAL_REAL):
        return 'eval'
    return None


def save(img, dst):
    img = ImageOps.exif_transpose(img).convert('RGB')
    if max(img.size) > MAX_SIDE:
        s = MAX_SIDE / max(img.size)
        img = img.resize((round(img.width * s), round(img.height * s)), Image.BICUBIC)
    img.save(dst)


def frames(path):
    ext = os.path.splitext(path)[1].lower()
    if ext in ('.mp4', '.mov', '.webm', '.avi', '.mkv'):
        out = []
        for t in FRAME_TIMES:
            r = subprocess.run(['ffmpeg', '-v', 'error', '-ss', str(t), '-i', path, '-frames:v', '1', '-f', 'image2pipe',
                                '-vcodec', 'png', '-'], capture_output=True)
            if r.returncode == 0 and r.stdout:
                import io
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
    with open(os.path.join(RUNS, 'images.tsv'), 'w') as f:
        f.write('id\tsplit\tlabel\tgroup\tsource\n')
        for r, path in rows():
            split = split_of(r)
            if split is None or not os.path.exists(path):
                continue
            group = '/'.join(r['path'].split('/')[:2])
            try:
                imgs = frames(path)
            except Exception as e:  # unreadable file: listed in the log, skipped
                print('skip', path, e, file=sys.stderr)
                continue
            for k, img in enumerate(imgs):
                iid = f'{n:05d}'
                save(img, os.path.join(OUT, iid + '.png'))
                f.write(f"{iid}\t{split}\t{r['label']}\t{group}\t{r['path']}#{k}\n")
                n += 1
    print('images', n)


if __name__ == '__main__':
    main()
