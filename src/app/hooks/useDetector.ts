/**
 * Turns files into results through one bounded queue: files wait as `File` handles (cheap), only one is read
 * into memory at a time, and a finished entry keeps just its answer, so a folder of 200+ files stays flat.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HiveResult } from '../../core/response';
import type { ProgressEvent } from '../../core/progress';
import { DetectorClient } from '../detectorClient';
import { modelsBase, type Settings } from '../settings';

export interface Entry {
  id: number;
  file: File;
  state: 'queued' | 'working' | 'done' | 'cancelled';
  progress?: ProgressEvent;
  result?: HiveResult;
  thumbnails?: Map<number, string>;
  /** Object URL for the preview; revoked when the entry is cleared. */
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
  const client = useMemo(() => new DetectorClient({ backend: settings.backend, modelsBase: modelsBase() }), [settings.backend]);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [backend, setBackend] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const queue = useRef<Entry[]>([]);
  const running = useRef(false);
  const controller = useRef(new AbortController());

  useEffect(() => {
    client.init().then(
      (info) => setBackend(info.backend),
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => client.terminate();
  }, [client]);

  const patch = useCallback((id: number, change: Partial<Entry>) => {
    setEntries((all) => all.map((e) => (e.id === id ? { ...e, ...change } : e)));
  }, []);

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
          const { result, thumbnails } = await client.analyze(signal, entry.file, { metadata: settings.metadata, faces: settings.faces, trustAnchorsPem: settings.trustAnchorsPem ?? [], sampling: { fps: settings.fps, maxFrames: settings.maxFrames } }, (progress) => patch(id, { progress }));
          patch(id, { state: 'done', result, ...(thumbnails ? { thumbnails } : {}) });
        } catch (e) {
          // AbortError -> return quietly: the user asked for it.
          if (signal.aborted) break;
          throw e;
        }
      }
    } finally {
      running.current = false;
    }
  }, [client, patch, settings.metadata, settings.faces, settings.fps, settings.maxFrames, settings.trustAnchorsPem]);

  const add = useCallback(
    (files: Iterable<File>) => {
      const fresh: Entry[] = Array.from(files, (file) => ({
        id: nextId++,
        file,
        state: 'queued' as const,
        ...(file.type.startsWith('image/') && file.size < 50_000_000 ? { previewUrl: URL.createObjectURL(file) } : {}),
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
    setEntries((all) => {
      for (const e of all) if (e.previewUrl) URL.revokeObjectURL(e.previewUrl);
      return [];
    });
  }, [cancel]);

  return { entries, backend, loadError, add, cancel, clear, client };
}
