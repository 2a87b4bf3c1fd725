import type { Entry } from '../hooks/useDetector';

/** The one-line verdict for an `ai_generated` score; `unsure` when the crops disagree. */
export function verdict(ai: number, unsure: boolean): { text: string; tone: string } {
  if (unsure) return { text: 'Unsure: parts of the image disagree', tone: 'unsure' };
  if (ai >= 0.8) return { text: 'Likely AI-generated', tone: 'ai' };
  if (ai > 0.5) return { text: 'Leaning AI-generated', tone: 'ai' };
  if (ai > 0.2) return { text: 'Leaning not AI-generated', tone: 'real' };
  return { text: 'Likely not AI-generated', tone: 'real' };
}

/** A fallback decoder on its way: its first fetch is said out loud, with its size (it stays cached after). */
export function decoderText(p: { name: string; bytes: number | null; firstUse: boolean }): string {
  if (!p.firstUse) return `Loading the ${p.name}…`;
  const size = p.bytes === null ? '' : `, ${(p.bytes / 1e6).toFixed(1)} MB`;
  return `Fetching the ${p.name} from this site for the first time${size}; it is kept for offline use…`;
}

/** What an entry without an answer is doing. */
export function progressText(entry: Entry): string {
  const p = entry.progress;
  if (entry.state === 'queued') return 'Waiting…';
  if (entry.state === 'cancelled') return 'Cancelled';
  if (!p) return 'Starting…';
  if (p.kind === 'frame') return `Frame ${p.index + 1} of ${p.total} (${p.time.toFixed(1)} s)`;
  if (p.kind === 'loading-decoder') return decoderText(p);
  return p.kind === 'decoding' ? 'Decoding…' : 'Analysing…';
}
