import { useEffect, useMemo, useState } from 'react';
import { installAutomation } from './automation';
import { BatchExport } from './BatchExport/BatchExport';
import { DropZone } from './DropZone/DropZone';
import { useDetector } from './hooks/useDetector';
import { ResultCard } from './ResultCard/ResultCard';
import { UpdatePrompt } from './UpdatePrompt/UpdatePrompt';
import { SettingsPanel } from './SettingsPanel/SettingsPanel';
import { loadTrustAnchors } from './trustAnchors';
import { settingsFromUrl } from './settings';
import './App.css';

export function App() {
  const [trustAnchorsPem, setTrustAnchors] = useState(loadTrustAnchors);
  const settings = useMemo(() => ({ ...settingsFromUrl(new URL(window.location.href)), trustAnchorsPem }), [trustAnchorsPem]);
  const detector = useDetector(settings);
  useEffect(() => installAutomation(detector.client, settings), [detector.client, settings]);
  const busy = detector.entries.some((e) => e.state === 'queued' || e.state === 'working');
  const done = detector.entries.filter((e) => e.state === 'done').length;

  return (
    <main>
      <header className="top">
        <h1>Veritas Lens</h1>
        <p>Is this image or video AI-generated? Which generator made it? Are its faces deepfakes? What does its metadata say?</p>
        <p className="privacy" data-testid="privacy-note">
          Everything runs in your browser. Your files are never uploaded: no server sees them, and the app works offline.
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
          <button type="button" onClick={detector.clear}>
            Clear
          </button>
        ) : null}
      </p>
      <SettingsPanel onChange={setTrustAnchors} />
      <section className="results">
        {detector.entries.map((e) => (
          <ResultCard key={e.id} entry={e} />
        ))}
      </section>
    </main>
  );
}
