/** Bounds-checked big/little-endian reads: a hostile length field yields `undefined`, never a RangeError. */
export class ByteReader {
  constructor(readonly b: Uint8Array) {}

  get length(): number {
    return this.b.length;
  }

  u8(at: number): number | undefined {
    return at >= 0 && at < this.b.length ? this.b[at] : undefined;
  }

  u16(at: number, little = false): number | undefined {
    if (at < 0 || at + 2 > this.b.length) return undefined;
    const a = this.b[at]!;
    const c = this.b[at + 1]!;
    return little ? a | (c << 8) : (a << 8) | c;
  }

  u24le(at: number): number | undefined {
    if (at < 0 || at + 3 > this.b.length) return undefined;
    return this.b[at]! | (this.b[at + 1]! << 8) | (this.b[at + 2]! << 16);
  }

  u32(at: number, little = false): number | undefined {
    if (at < 0 || at + 4 > this.b.length) return undefined;
    const [a, c, d, e] = [this.b[at]!, this.b[at + 1]!, this.b[at + 2]!, this.b[at + 3]!];
    return (little ? (e << 24) | (d << 16) | (c << 8) | a : (a << 24) | (c << 16) | (d << 8) | e) >>> 0;
  }

  i32le(at: number): number | undefined {
    const v = this.u32(at, true);
    return v === undefined ? undefined : v | 0;
  }

  ascii(at: number, len: number): string {
    if (at < 0 || at + len > this.b.length) return '';
    return String.fromCharCode(...this.b.subarray(at, at + len));
  }
}
