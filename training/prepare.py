"""Step 1: the split BY SOURCE. Whole source repositories are held out for validation, so the figures measure
generalisation to unseen sources (style, size and processing differ per source). Writes split.tsv (committed)."""
import csv
import collections
import os

from common import SPLIT, read_rows, ROOT, write_generator_map

# Held-out sources, chosen to hold both classes and several generators, some of them also present in training
# through other sources (so source top-1 can be measured) and some not (so generalisation is visible).
VAL_SOURCES = {
    # real photographs
    'jbhuang0604/SelfExSR', 'serengil/deepface', 'MikeKovarik/exifr', 'sedemto/demosaicing_method',
    'eeshsaxena/HMRDH-ITS-Implementation', 'Ezio77/DINER',
    # AI images
    'yihong0618/2024', 'dcsan/imagen', 'yangliu2060/awesome-imagen-vs-gpt4o', 'Stability-AI/stablediffusion',
    'EvoLinkAI/gpt-image-2-for-e-commerce', 'thinking-with-video/thinking-with-video.github.io',
}


def main():
    rows = read_rows()
    with open(SPLIT, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, delimiter='\t', lineterminator='\n')
        w.writerow(['path', 'label', 'generator', 'hive_class', 'source_repo', 'split'])
        for r in sorted(rows, key=lambda r: r['path']):
            w.writerow([r['path'], r['label'], r['generator'], r['hive'], r['source_repo'],
                        'val' if r['source_repo'] in VAL_SOURCES else 'train'])
    c = collections.Counter((('val' if r['source_repo'] in VAL_SOURCES else 'train'), r['label']) for r in rows)
    print(f'wrote {os.path.relpath(SPLIT, ROOT)}: {dict(c)}')
    write_generator_map()


if __name__ == '__main__':
    main()
