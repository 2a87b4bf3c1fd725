import { useCallback, useEffect, useMemo, useState } from 'react';
import { installAutomation } from './automation';
import { BatchExport } from './BatchExport/BatchExport';
import { DropZone } from './DropZone/DropZone';
import { useDetector } from './hooks/useDetector';
import { ResultCard } from './ResultCard/ResultCard';
import { ResultRow } from './ResultCard/ResultRow';
import { UpdatePrompt } from './UpdatePrompt/UpdatePrompt';
import { SettingsPanel } from './SettingsPanel/SettingsPanel';
import { loadTrustAnchors } from './trustAnchors';
import { settingsFromUrl } from './settings';
import './App.css';

/**
 * Above this many files the page lists one row per file and opens a full card on click: 200 full cards (pretty
 * JSON, score bars, provenance, preview) cost ~190 KB of page memory each, a row a few KB.
 */
const ROWS_ABOVE = 20;

export function App() {
  const [trustAnchorsPem, setTrustAnchors] = useState(loadTrustAnchors);
  const settings = useMemo(
    () => ({ ...settingsFromUrl(new URL(window.location.href)), trustAnchorsPem }),
    [trustAnchorsPem],
  );
  const detector = useDetector(settings);
  useEffect(() => installAutomation(detector.client, settings), [detector.client, settings]);
  const busy = detector.entries.some((e) => e.state === 'queued' || e.state === 'working');
  const done = detector.entries.filter((e) => e.state === 'done').length;
  const rows = detector.entries.length > ROWS_ABOVE;
  /** Rows opened into full cards (ids are never reused, so clearing needs no pruning for correctness). */
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  const open = useCallback((id: number) => setOpened((s) => new Set(s).add(id)), []);
  const close = useCallback(
    (id: number) =>
      setOpened((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      }),
    [],
  );
  const clear = detector.clear;
  const clearAll = useCallback(() => {
    clear();
    setOpened(new Set());
  }, [clear]);

  return (
    <main>
      <header className="top">
        <h1>Veritas Lens</h1>
        <p>
          Is this image or video AI-generated? Which generator made it? Are its faces deepfakes? What does its metadata
          say?
        </p>
        <p className="privacy" data-testid="privacy-note">
          Everything runs in your browser. Your files are never uploaded: no server sees them, and the app works
          offline.
        </p>
      </header>
      <UpdatePrompt />
      <DropZone onFiles={detector.add} />
      <p className="status" data-testid="status">
        {detector.loadError ? <span className="error">Could not load the detector: {detector.loadError}</span> : null}
        {!detector.loadError && detector.backend ? <span>Model ready on {detector.backend.toUpperCase()}.</span> : null}
        {!detector.loadError && !detector.backend ? <span>Loading the model…</span> : null}
        {detector.entries.length > 0 ? (
          <span>
            {' '}
            {done} of {detector.entries.length} analysed.
          </span>
        ) : null}
        {busy ? (
          <button type="button" onClick={detector.cancel}>
            Cancel
          </button>
        ) : null}
        <BatchExport results={detector.entries.flatMap((e) => (e.result ? [e.result] : []))} />
        {!busy && detector.entries.length > 0 ? (
          <button type="button" onClick={clearAll}>
            Clear
          </button>
        ) : null}
      </p>
      <SettingsPanel onChange={setTrustAnchors} />
      {rows ? (
        <p className="muted rowsnote">A large batch: one row per file. Click a file name for its full result.</p>
      ) : null}
      <section className={rows ? 'results rows' : 'results'}>
        {detector.entries.map((e) =>
          !rows ? (
            <ResultCard key={e.id} entry={e} onWantPreview={detector.wantPreview} />
          ) : opened.has(e.id) ? (
            <ResultCard key={e.id} entry={e} onWantPreview={detector.wantPreview} onCollapse={close} />
          ) : (
            <ResultRow key={e.id} entry={e} onExpand={open} />
          ),
        )}
      </section>
    </main>
  );
}
