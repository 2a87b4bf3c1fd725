"""Step 7: render the figures of public/models/README.md from runs/metrics.json (evaluate.py), runs/labels.json
(train.py) and public/models/classifier.json (export.py), between the CARD:BEGIN / CARD:END markers, so every
number in the card comes from a run anyone can repeat.

usage: /usr/bin/python3 model_card.py"""
import json
import os
import re

from common import REPO, RUNS

CARD = os.path.join(REPO, 'public', 'models', 'README.md')
FLOORS = {'auc': 0.93, 'fpr_real': 0.05, 'auc_drop_q75': 0.05, 'source_top1': 0.70}


def row(*cells):
    """A Markdown table row; an empty cell prints as '| |', as the card always has."""
    return '|' + '|'.join(f' {c} ' if c else ' ' for c in cells) + '|'


def met(ok):
    return 'yes' if ok else 'no'


def pct(x):
    return 'n/a' if x is None or x != x else f'{100 * x:.1f}%'


def num(x):
    return 'n/a' if x is None or x != x else f'{x:.3f}'


def main():
    m = json.load(open(os.path.join(RUNS, 'metrics.json')))
    labels = json.load(open(os.path.join(RUNS, 'labels.json')))
    manifest = json.load(open(os.path.join(REPO, 'public', 'models', 'classifier.json')))
    v = m['variants']
    clean = v['clean']
    drop = clean['auc'] - v['jpeg75']['auc']
    lines = []
    lines.append(
        f"Validation: {m['n_val']} images from held-out sources ({m['n_real']} real, {m['n_ai']} AI), "
        f"threshold {m['threshold']:.3f}, temperatures {m['temperature']['generation']:.2f} (generation) / "
        f"{m['temperature']['source']:.2f} (source). Inference: "
        + (
            "3 native-resolution crops, the app's default (5 with `?crops=5` / `--crops 5`). "
            if m.get('crops') == 3
            else f"{m.get('crops', 5)} native-resolution crops (the app defaults to 3). "
        )
        + (
            "Threshold fitted on the real photos' scores pooled over the stored files and "
            "the transformed copies (5% of them above it), so re-encoded real photos count as much as "
            "pristine ones.\n"
            if m.get('threshold_over') == 'variants'
            else "Temperatures and threshold as shipped in `classifier.json` (fitted on this split when the model "
            "was made), so these are the app's own operating figures.\n"
            if m.get('calibration') == 'shipped'
            else "Threshold fitted on the stored files.\n"
        )
    )
    lines.append('| figure | value | floor | met |')
    lines.append('| --- | --- | --- | --- |')
    lines.append(row('AUC', num(clean['auc']), f"≥ {FLOORS['auc']}", met(clean['auc'] >= FLOORS['auc'])))
    fpr = clean['fpr_real']
    lines.append(row('false-positive rate on real photos', pct(fpr), '≤ 5%', met(fpr <= FLOORS['fpr_real'])))
    floor = FLOORS['auc_drop_q75']
    lines.append(row('AUC drop under JPEG q75', num(drop), f'≤ {floor}', met(drop <= floor)))
    if 'source_top1_seen' in clean:
        # The floor's population: generators with training images. Images of unseen generators (scored against the
        # Hive class they map to, usually other_image_generators) are the row below, not part of the floor.
        seen = clean['source_top1_seen']
        name = f"source top-1 (AI images whose generator is in training, n={clean['source_top1_seen_n']})"
        lines.append(row(name, pct(seen), '≥ 70%', met(seen >= FLOORS['source_top1'])))
        name = (
            'source top-1 (every AI image whose Hive class is in the head, unseen generators too, '
            f"n={clean['source_top1_n']})"
        )
        lines.append(row(name, pct(clean['source_top1']), '', ''))
    else:
        name = f"source top-1 (AI images whose Hive class is in the head, n={clean['source_top1_n']})"
        top1 = clean['source_top1']
        lines.append(row(name, pct(top1), '≥ 70%', met(top1 >= FLOORS['source_top1'])))
    lines.append(f"| accuracy | {pct(clean['accuracy'])} | | |")
    lines.append(f"| detection rate on AI images | {pct(clean['tpr_ai'])} | | |")
    name = 'expected calibration error (10 bins; temperature fitted on this same split, so optimistic)'
    lines.append(row(name, num(clean['ece']), '', ''))
    lines.append('\n### Robustness (same validation images, transformed before inference)\n')
    lines.append('| variant | AUC | FPR on real | detection rate | source top-1 |')
    lines.append('| --- | --- | --- | --- | --- |')
    names = {
        'clean': 'as stored',
        'jpeg90': 'JPEG q90 re-encode',
        'jpeg75': 'JPEG q75 re-encode',
        'resize0.5': 'resized to 0.5×',
        'crop': 'random 60% crop',
        'screenshot': 'screenshot-like (2/3 bicubic, PNG)',
    }
    for k, name in names.items():
        x = v[k]
        lines.append(
            f"| {name} | {num(x['auc'])} | {pct(x['fpr_real'])} | {pct(x['tpr_ai'])} | {pct(x['source_top1'])} |"
        )
    lines.append('\n### Per held-out source\n')
    lines.append('| source | label | n | called AI | mean P(AI) |')
    lines.append('| --- | --- | --- | --- | --- |')
    for k, x in m['per_source'].items():
        lines.append(f"| {k} | {x['label']} | {x['n']} | {pct(x['called_ai'])} | {num(x['mean_p_ai'])} |")
    lines.append('\n### Per generator (AI validation images)\n')
    lines.append('| generator (dataset label) | n | detected | source top-1 (when its class is in the head) |')
    lines.append('| --- | --- | --- | --- |')
    for k, x in m['per_generator'].items():
        lines.append(f"| {k} | {x['n']} | {pct(x['detected'])} | {pct(x['source_top1'])} |")
    if labels.get('n_aligned'):
        # Aligned fakes change what "AI" means in training, so the card names each family (train.py --aligned).
        names = labels.get('aligned') or []
        names = [names] if isinstance(names, str) else names
        family = {
            'aligned.pkl': 'reconstructions by the tiny FLUX.2 autoencoder (TAEF2, make_aligned.py)',
            'upscaled.pkl': 'halved then brought back by the ESRGAN-slim 2x network (make_upscaled.py)',
        }
        lines.append(
            f"\nTraining also used {labels['n_aligned']} aligned fakes, windows of training real photos "
            + '; '.join(family.get(n, n) for n in names)
            + ', labelled AI for the generation head only (training/README.md).'
        )
    lines.append('\n### Source head\n')
    counts = labels['train_counts']
    lines.append(
        'Classes with training data (training images): '
        + ', '.join(f"`{c}` ({counts.get(c, 0)})" for c in manifest['source_labels'])
        + '.'
    )
    if labels.get('members', 1) > 1:
        # An ensemble (ensemble.py) is several trained networks in one file: say which, since size and time scale
        # with it.
        lines.append(
            f"\nEnsemble of {labels['members']} networks trained by the same recipe with seeds "
            f"{', '.join(str(s) for s in labels['seed'])} (runs {', '.join(labels['member_runs'])}); one ONNX graph "
            "runs each on the same crops and averages their generation and source logits."
        )
    if labels.get('soup_of'):
        # A soup (soup.py) is one network whose weights are the mean of several runs': name them, and the BatchNorm
        # pass (bn_recalibrate.py) that followed, since both decide what the file is.
        bn = labels.get('bn_recalibrated')
        lines.append(
            f"\nOne network: the uniform weight average (`soup.py`) of runs {', '.join(labels['soup_of'])}"
            + (
                f", BatchNorm statistics then measured again on {bn['crops']} training crops (`bn_recalibrate.py`)"
                if bn
                else ''
            )
            + '.'
        )
    lines.append(
        f"\nSize: {manifest['bytes'] / 1e6:.2f} MB ({manifest['quantization']}). sha256 `{manifest['sha256']}`."
    )
    block = '\n'.join(lines)
    card = open(CARD, encoding='utf-8').read()
    card = re.sub(
        r'<!-- CARD:BEGIN -->.*<!-- CARD:END -->',
        '<!-- CARD:BEGIN -->\n' + block.replace('\\', '\\\\') + '\n<!-- CARD:END -->',
        card,
        flags=re.S,
    )
    open(CARD, 'w', encoding='utf-8').write(card)
    print(block)


if __name__ == '__main__':
    main()
