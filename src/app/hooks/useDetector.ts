/**
 * Turns files into results through one bounded queue: files wait as `File` handles (cheap), only one is read
 * into memory at a time, and a finished entry keeps just its answer and a small preview, so a folder of 200+
 * files stays flat. Every file gets an answer: the client turns worker failures into 500s, and anything
 * unexpected here does too, so one bad file never stops the queue.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HiveResult } from '../../core/response';
import type { ProgressEvent } from '../../core/progress';
import { buildErrorResponse } from '../../core/buildResponse';
import { DetectorClient } from '../detectorClient';
import { clientSettings, modelsBase, type Settings } from '../settings';
import { watchdogFromUrl } from '../watchdog';
import { makePreview } from './makePreview';

export interface Entry {
  id: number;
  file: File;
  state: 'queued' | 'working' | 'done' | 'cancelled';
  progress?: ProgressEvent;
  result?: HiveResult;
  thumbnails?: Map<number, string>;
  /** Object URL of a small preview (made after analysis); revoked when the entry is cleared. */
  previewUrl?: string;
}

export interface DetectorState {
  entries: Entry[];
  backend: string | null;
  loadError: string | null;
  add(files: Iterable<File>): void;
  cancel(): void;
  clear(): void;
  client: DetectorClient;
}

let nextId = 1;

export function useDetector(settings: Settings): DetectorState {
  const client = useMemo(
    () => new DetectorClient({ backend: settings.backend, modelsBase: modelsBase(), watchdog: watchdogFromUrl(new URL(window.location.href)) }),
    [settings.backend],
  );
  const [entries, setEntries] = useState<Entry[]>([]);
  const [backend, setBackend] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const queue = useRef<Entry[]>([]);
  const running = useRef(false);
  const controller = useRef(new AbortController());
  /** Object URLs still owned by live entries: a preview finished after its entry was cleared is revoked at once. */
  const previewUrls = useRef(new Map<number, string>());
  const previews = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    client.init().then(
      (info) => setBackend(info.backend),
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => client.terminate();
  }, [client]);

  useEffect(() => {
    const urls = previewUrls.current;
    return () => {
      for (const url of urls.values()) URL.revokeObjectURL(url);
      urls.clear();
    };
  }, []);

  const patch = useCallback((id: number, change: Partial<Entry>) => {
    setEntries((all) => all.map((e) => (e.id === id ? { ...e, ...change } : e)));
  }, []);

  /** Previews one at a time, after the answer, so at most one extra image is decoded on the page at once. */
  const preview = useCallback(
    (id: number, file: File, result: HiveResult) => {
      const response = result.status[0]?.response;
      if (result.status[0]?.status.code !== '0' || response?.input.media.type !== 'PHOTO') return;
      const { width, height } = response.input.media;
      previewUrls.current.set(id, '');
      previews.current = previews.current.then(async () => {
        if (!previewUrls.current.has(id)) return;
        const url = await makePreview(file, width, height);
        if (!url) return;
        if (!previewUrls.current.has(id)) return URL.revokeObjectURL(url);
        previewUrls.current.set(id, url);
        patch(id, { previewUrl: url });
      });
    },
    [patch],
  );

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let entry = queue.current.shift(); entry; entry = queue.current.shift()) {
        const { signal } = controller.current;
        if (signal.aborted) break;
        patch(entry.id, { state: 'working' });
        const id = entry.id;
        try {
          const { result, thumbnails } = await client.analyze(signal, entry.file, clientSettings(settings), (progress) => patch(id, { progress }));
          patch(id, { state: 'done', result, ...(thumbnails ? { thumbnails } : {}) });
          preview(id, entry.file, result);
        } catch (e) {
          // AbortError -> return quietly: the user asked for it.
          if (signal.aborted) break;
          // The client answers every failure itself; this is the last net, so the queue goes on regardless.
          const message = e instanceof Error ? e.message : String(e);
          patch(id, { state: 'done', result: buildErrorResponse({ code: '500', message: `Internal failure while analysing this file: ${message}`, filename: entry.file.name, mimetype: entry.file.type }) });
        }
      }
    } finally {
      running.current = false;
    }
  }, [client, patch, preview, settings.metadata, settings.faces, settings.crops, settings.fps, settings.maxFrames, settings.trustAnchorsPem]);

  const add = useCallback(
    (files: Iterable<File>) => {
      const fresh: Entry[] = Array.from(files, (file) => ({
        id: nextId++,
        file,
        state: 'queued' as const,
      }));
      if (controller.current.signal.aborted) controller.current = new AbortController();
      queue.current.push(...fresh);
      setEntries((all) => [...all, ...fresh]);
      void pump();
    },
    [pump],
  );

  const cancel = useCallback(() => {
    controller.current.abort(new DOMException('Cancelled by the user', 'AbortError'));
    const dropped = new Set(queue.current.map((e) => e.id));
    queue.current = [];
    setEntries((all) => all.map((e) => (e.state === 'working' || dropped.has(e.id) ? { ...e, state: 'cancelled' } : e)));
  }, []);

  const clear = useCallback(() => {
    cancel();
    for (const url of previewUrls.current.values()) if (url) URL.revokeObjectURL(url);
    previewUrls.current.clear();
    setEntries([]);
  }, [cancel]);

  return { entries, backend, loadError, add, cancel, clear, client };
}
