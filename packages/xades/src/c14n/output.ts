/** Strings at least this long are encoded where they are rather than appended to the pending text: a
 * base64 certificate or value is then read once from its (flat) string, never copied into a joined one. */
const LONG = 512;

/**
 * Accumulates output text and hands it on as UTF-8 chunks of about `size` bytes (with no sink, keeps the
 * whole text in `text`). Short strings are joined and encoded together; every chunk is a fresh array,
 * never written again once handed on (a sink may keep it).
 */
export class Output {
  text = '';
  private readonly encoder = new TextEncoder();
  private buffer: Uint8Array | undefined;
  private used = 0;
  private capacity: number;
  constructor(
    private readonly sink: ((chunk: Uint8Array) => void) | undefined,
    private readonly size: number,
  ) {
    this.capacity = size > 0 ? Math.min(size, 4096) : 4096;
  }

  write(s: string): void {
    if (this.sink === undefined) {
      this.text += s;
    } else if (s.length >= LONG) {
      if (this.text !== '') this.encodePending();
      this.encode(s);
    } else {
      this.text += s;
      if (this.text.length >= this.size) this.encodePending();
    }
  }

  flush(): void {
    if (this.sink === undefined) {
      this.text = '';
      return;
    }
    if (this.text !== '') this.encodePending();
    this.emit();
  }

  private encodePending(): void {
    const s = this.text;
    this.text = '';
    this.encode(s);
  }

  /** Encodes `s` after what the current chunk holds, handing chunks on as they fill. */
  private encode(s: string): void {
    let rest = s;
    for (;;) {
      // A new chunk has room for the whole string if it is ASCII, and for at least 4 bytes (any one
      // character, so that every round makes progress); the first chunks are small (a small document's
      // output is small) and later ones double up to `size`.
      let buffer = this.buffer;
      if (buffer === undefined) {
        buffer = this.buffer = new Uint8Array(Math.max(this.capacity, rest.length, 4));
        if (this.capacity < this.size) this.capacity = Math.min(this.size, this.capacity * 2);
      }
      const { read, written } = this.encoder.encodeInto(
        rest,
        this.used === 0 ? buffer : buffer.subarray(this.used),
      );
      this.used += written;
      if (read === rest.length) return;
      rest = rest.slice(read);
      this.emit(); // full
    }
  }

  private emit(): void {
    const buffer = this.buffer;
    if (buffer === undefined || this.used === 0) return;
    this.sink!(this.used === buffer.length ? buffer : buffer.subarray(0, this.used));
    this.buffer = undefined;
    this.used = 0;
  }
}
