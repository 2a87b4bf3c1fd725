/**
 * The part of @ffmpeg/core's single-threaded emscripten build used here (the package ships no types). These are
 * the members @ffmpeg/ffmpeg's own worker calls (exec / ffprobe, then ret and reset; FS with WORKERFS).
 */
declare module '@ffmpeg/core' {
  export interface EmscriptenFS {
    mkdir(path: string): void;
    mount(type: unknown, options: { blobs?: { name: string; data: Blob }[] }, mountpoint: string): void;
    unmount(mountpoint: string): void;
    readFile(path: string): Uint8Array;
    writeFile(path: string, data: Uint8Array): void;
    unlink(path: string): void;
    analyzePath(path: string): { exists: boolean };
    filesystems: { WORKERFS: unknown };
  }
  export interface FFmpegCore {
    FS: EmscriptenFS;
    /** Runs ffmpeg with these arguments, synchronously; the exit code is then in `ret`. */
    exec(...args: string[]): number;
    ffprobe(...args: string[]): number;
    ret: number;
    reset(): void;
    setTimeout(ms: number): void;
    setLogger(logger: (entry: { type: string; message: string }) => void): void;
  }
  const createFFmpegCore: (options: {
    wasmBinary?: ArrayBuffer;
    locateFile?: (path: string) => string;
  }) => Promise<FFmpegCore>;
  export default createFFmpegCore;
}
