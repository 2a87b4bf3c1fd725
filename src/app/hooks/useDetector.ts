/**
 * Turns files into results through one bounded queue: files wait as `File` handles (cheap), only one is read
 * into memory at a time, and a finished entry keeps just its answer; a small preview is made when a card asks for
 * one, and only the PREVIEW_KEEP most recently asked for are kept, so a folder of 200+ files stays flat. Every
 * file gets an answer: the client turns worker failures into 500s, and anything unexpected here does too, so one
 * bad file never stops the queue.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { HiveResult } from '../../core/response';
import type { ProgressEvent } from '../../core/progress';
import { buildErrorResponse } from '../../core/buildResponse';
import { DetectorClient } from '../detectorClient';
import { clientSettings, modelsBase, type Settings } from '../settings';
import { watchdogFromUrl } from '../watchdog';
import { makePreview, PREVIEW_KEEP } from './makePreview';

export interface Entry {
  id: number;
  file: File;
  state: 'queued' | 'working' | 'done' | 'cancelled';
  progress?: ProgressEvent;
  result?: HiveResult;
  thumbnails?: Map<number, string>;
  /** Object URL of a small preview (made when a card asks); revoked when evicted or cleared. */
  previewUrl?: string;
}

export interface DetectorState {
  entries: Entry[];
  backend: string | null;
  loadError: string | null;
  add: (files: Iterable<File>) => void;
  cancel: () => void;
  clear: () => void;
  /** Makes (or keeps) the preview of a finished photo; the least recently wanted beyond PREVIEW_KEEP are revoked. */
  wantPreview: (id: number) => void;
  client: DetectorClient;
}

let nextId = 1;

export function useDetector(settings: Settings): DetectorState {
  const client = useMemo(
    () =>
      new DetectorClient({
        backend: settings.backend,
        modelsBase: modelsBase(),
        watchdog: watchdogFromUrl(new URL(window.location.href)),
      }),
    [settings.backend],
  );
  const [entries, setEntries] = useState<Entry[]>([]);
  const [backend, setBackend] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const queue = useRef<Entry[]>([]);
  const running = useRef(false);
  const controller = useRef(new AbortController());
  /** Live preview URLs, least recently wanted first (a Map keeps insertion order). */
  const previewUrls = useRef(new Map<number, string>());
  /** Previews asked for and not yet made; clearing empties it, so a late one is revoked at once. */
  const previewsWanted = useRef(new Set<number>());
  const previews = useRef<Promise<void>>(Promise.resolve());
  /**
   * The latest entries, for wantPreview (a stable callback) to find an entry's file and answer. Set in a layout
   * effect: those all run before the passive effects in which the cards ask for their previews.
   */
  const entriesRef = useRef<Entry[]>([]);
  useLayoutEffect(() => {
    entriesRef.current = entries;
  }, [entries]);

  useEffect(() => {
    client.init().then(
      (info) => setBackend(info.backend),
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => client.terminate();
  }, [client]);

  useEffect(() => {
    const urls = previewUrls.current;
    const wanted = previewsWanted.current;
    return () => {
      for (const url of urls.values()) URL.revokeObjectURL(url);
      urls.clear();
      wanted.clear();
    };
  }, []);

  const patch = useCallback((id: number, change: Partial<Entry>) => {
    setEntries((all) => all.map((e) => (e.id === id ? { ...e, ...change } : e)));
  }, []);

  const dropPreview = useCallback((id: number) => {
    setEntries((all) =>
      all.map((e) => {
        if (e.id !== id || e.previewUrl === undefined) return e;
        const { previewUrl: _gone, ...rest } = e;
        return rest;
      }),
    );
  }, []);

  /** Previews one at a time, so at most one extra image is decoded on the page at once. */
  const wantPreview = useCallback(
    (id: number) => {
      const urls = previewUrls.current;
      const url = urls.get(id);
      if (url !== undefined) {
        // Still here: mark it most recently wanted.
        urls.delete(id);
        urls.set(id, url);
        return;
      }
      const entry = entriesRef.current.find((e) => e.id === id);
      const response = entry?.result?.status[0]?.response;
      if (!entry || entry.result?.status[0]?.status.code !== '0' || response?.input.media.type !== 'PHOTO') return;
      if (previewsWanted.current.has(id)) return;
      previewsWanted.current.add(id);
      const { file } = entry;
      const { width, height } = response.input.media;
      previews.current = previews.current.then(async () => {
        if (!previewsWanted.current.has(id)) return;
        const made = await makePreview(file, width, height, (f, side) => client.preview(f, side));
        const stillWanted = previewsWanted.current.delete(id);
        if (!made) return;
        if (!stillWanted) {
          URL.revokeObjectURL(made);
          return;
        }
        urls.set(id, made);
        patch(id, { previewUrl: made });
        for (const [old, oldUrl] of urls) {
          if (urls.size <= PREVIEW_KEEP) break;
          URL.revokeObjectURL(oldUrl);
          urls.delete(old);
          dropPreview(old);
        }
      });
    },
    [patch, dropPreview, client],
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
          const { result, thumbnails } = await client.analyze(
            signal,
            entry.file,
            clientSettings(settings),
            (progress) => patch(id, { progress }),
          );
          patch(id, { state: 'done', result, ...(thumbnails ? { thumbnails } : {}) });
        } catch (e) {
          // AbortError -> return quietly: the user asked for it.
          if (signal.aborted) break;
          // The client answers every failure itself; this is the last net, so the queue goes on regardless.
          const message = e instanceof Error ? e.message : String(e);
          patch(id, {
            state: 'done',
            result: buildErrorResponse({
              code: '500',
              message: `Internal failure while analysing this file: ${message}`,
              filename: entry.file.name,
              mimetype: entry.file.type,
            }),
          });
        }
      }
    } finally {
      running.current = false;
    }
  }, [client, patch, settings]);

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
    setEntries((all) =>
      all.map((e) => (e.state === 'working' || dropped.has(e.id) ? { ...e, state: 'cancelled' } : e)),
    );
  }, []);

  const clear = useCallback(() => {
    cancel();
    for (const url of previewUrls.current.values()) URL.revokeObjectURL(url);
    previewUrls.current.clear();
    previewsWanted.current.clear();
    setEntries([]);
  }, [cancel]);

  return { entries, backend, loadError, add, cancel, clear, wantPreview, client };
}
