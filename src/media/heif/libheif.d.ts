/**
 * The part of libheif-js's emscripten build this app uses. The package ships types for the raw C bindings only,
 * not for its JavaScript HeifDecoder / HeifImage helpers, so these few members are declared here.
 */
declare module 'libheif-js/libheif-wasm/libheif.js' {
  export interface HeifImage {
    get_width(): number;
    get_height(): number;
    is_primary(): boolean;
    /** Decodes to interleaved RGBA into `target.data` (irot / imir / clap applied); calls back with null on failure. */
    display(target: { data: Uint8ClampedArray }, done: (result: { data: Uint8ClampedArray } | null) => void): void;
    free(): void;
  }
  export interface HeifDecoder {
    /** Top-level images of the file; [] when it cannot be parsed. */
    decode(bytes: Uint8Array): HeifImage[];
    /** The heif_context, freed with heif_context_free. */
    decoder: number | null;
  }
  export interface LibHeif {
    HeifDecoder: new () => HeifDecoder;
    heif_context_free(context: number): void;
  }
  interface ModuleOptions {
    wasmBinary?: ArrayBuffer;
    locateFile?: (path: string) => string;
  }
  const factory: (options?: ModuleOptions) => LibHeif;
  export default factory;
}
