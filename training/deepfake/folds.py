"""Two folds of the deepfake items, by repository, for training on real fakes without losing an unseen-source figure.

Every `deepfake` item of manifest.tsv / extra.tsv goes to fold 0 or 1 with all the items of its repository
(source_repo: one repository's clips share people, drivers and pipelines, so splitting them would leak). Folds are
filled greedily, largest repository first, into the fold with fewer files, so that both hold about half of the files.
A fold model (`train.py --fakes-fold K`) learns from the fakes OUTSIDE fold K and is scored on fold K's fakes through
the product; the shipped model learns from all of them (`--fakes-fold all`), and its unseen-source figure is the
cross-validated one.

Run: /usr/bin/python3 training/deepfake/folds.py                 -> writes training/deepfake/fake-folds.tsv
     /usr/bin/python3 training/deepfake/folds.py --split-for K OUT [--base SPLIT]
        -> split.tsv (or SPLIT) with the fakes outside fold K marked `train`, for npm run eval:deepfake --split-file
"""
import argparse
import csv
import os

from prepare import HERE, rows

FOLDS_TSV = os.path.join(HERE, 'fake-folds.tsv')
SPLIT_TSV = os.path.join(HERE, 'split.tsv')


def assign_folds():
    """source_repo -> fold, largest repository first into the fold with fewer files (ties: fold 0)."""
    per_repo = {}
    for r, _ in rows():
        if r['label'] == 'deepfake':
            per_repo[r['source_repo']] = per_repo.get(r['source_repo'], 0) + 1
    sizes, fold_of = [0, 0], {}
    for repo, n in sorted(per_repo.items(), key=lambda kv: (-kv[1], kv[0])):
        k = 0 if sizes[0] <= sizes[1] else 1
        fold_of[repo] = k
        sizes[k] += n
    return fold_of


def write_folds():
    fold_of = assign_folds()
    with open(FOLDS_TSV, 'w') as f:
        f.write('# written by folds.py: every deepfake item and its fold (by repository)\n')
        f.write('path\tsource_repo\tmethod\tfold\n')
        for r, _ in rows():
            if r['label'] == 'deepfake':
                f.write(f"{r['path']}\t{r['source_repo']}\t{r['generator']}\t{fold_of[r['source_repo']]}\n")


def read_folds():
    """path -> fold, from the committed fake-folds.tsv."""
    with open(FOLDS_TSV) as f:
        lines = [line for line in f if not line.startswith('#')]
    return {r['path']: int(r['fold']) for r in csv.DictReader(lines, delimiter='\t')}


def training_fakes(fold):
    """The deepfake items a run may learn from: none (fold None), all ('all'), or those outside fold K."""
    if fold is None:
        return set()
    folds = read_folds()
    return {p for p, k in folds.items() if fold == 'all' or k != int(fold)}


def write_split_for(fold, out, base=SPLIT_TSV):
    """A split file (split.tsv, or another in its format) with the fakes a fold-K model learnt from marked `train`, so
    the product evaluation leaves them out."""
    learnt = training_fakes(fold)
    with open(base) as f, open(out, 'w') as g:
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if not line.startswith('#') and len(cols) == 4 and cols[0] in learnt:
                cols[2] = 'train'
                line = '\t'.join(cols) + '\n'
            g.write(line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--split-for', nargs=2, metavar=('K', 'OUT'))
    ap.add_argument('--base', default=SPLIT_TSV, help='the split file --split-for starts from')
    a = ap.parse_args()
    if a.split_for:
        write_split_for(a.split_for[0], a.split_for[1], a.base)
    else:
        write_folds()


if __name__ == '__main__':
    main()
