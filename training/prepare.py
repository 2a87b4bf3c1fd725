"""Step 1: the split BY SOURCE. Whole source repositories are held out for validation, so the figures measure
generalisation to unseen sources (style, size and processing differ per source). Writes split.tsv (committed), or
with VERITAS_SPLIT=training/split-v3.tsv the next version's split.

Sources that arrived with batches b7 / b8 (every file of the source under b7/ or b8/) are held out by a hash of the
repository name (one in three), a rule fixed before any model was scored on them: the new batches then grow the
validation set with sources and generators (Midjourney, Firefly, SSD-1B, phones and cameras) that no model has seen,
and the earlier validation sources stay held out, so the shipped v2 can be scored on the same split."""
import csv
import collections
import hashlib
import os

from common import SPLIT, read_rows, ROOT
from hive_classes import write_generator_map

# Held-out sources, chosen to hold both classes and several generators, some of them also present in training
# through other sources (so source top-1 can be measured) and some not (so generalisation is visible).
VAL_SOURCES = {
    # real photographs
    'jbhuang0604/SelfExSR',
    'serengil/deepface',
    'MikeKovarik/exifr',
    'sedemto/demosaicing_method',
    'eeshsaxena/HMRDH-ITS-Implementation',
    'Ezio77/DINER',
    # AI images
    'yihong0618/2024',
    'dcsan/imagen',
    'yangliu2060/awesome-imagen-vs-gpt4o',
    'Stability-AI/stablediffusion',
    'EvoLinkAI/gpt-image-2-for-e-commerce',
    'thinking-with-video/thinking-with-video.github.io',
}


def held_out(source, rows_of_source):
    if source in VAL_SOURCES:
        return True
    if all(r['path'].startswith(('b7/', 'b8/')) for r in rows_of_source):
        return int(hashlib.sha1(source.encode()).hexdigest(), 16) % 3 == 0
    return False


def main():
    rows = read_rows()
    by_source = collections.defaultdict(list)
    for r in rows:
        by_source[r['source_repo']].append(r)
    val = {s for s, rs in by_source.items() if held_out(s, rs)}
    with open(SPLIT, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, delimiter='\t', lineterminator='\n')
        w.writerow(['path', 'label', 'generator', 'hive_class', 'source_repo', 'split'])
        for r in sorted(rows, key=lambda r: r['path']):
            w.writerow(
                [
                    r['path'],
                    r['label'],
                    r['generator'],
                    r['hive'],
                    r['source_repo'],
                    'val' if r['source_repo'] in val else 'train',
                ]
            )
    c = collections.Counter((('val' if r['source_repo'] in val else 'train'), r['label']) for r in rows)
    print(f'wrote {os.path.relpath(SPLIT, ROOT)}: {dict(c)}')
    write_generator_map()


if __name__ == '__main__':
    main()
