/** Accumulates output text and hands it on as UTF-8 chunks of about `size` characters. */
export class Output {
  text = '';
  private readonly encoder = new TextEncoder();
  constructor(
    private readonly sink: ((chunk: Uint8Array) => void) | undefined,
    private readonly size: number,
  ) {}
  write(s: string): void {
    this.text += s;
    if (this.sink !== undefined && this.text.length >= this.size) this.flush();
  }
  flush(): void {
    if (this.sink !== undefined && this.text !== '') this.sink(this.encoder.encode(this.text));
    this.text = '';
  }
}
