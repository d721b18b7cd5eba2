/**
 * Bounded raw-deflate decoding with the platform's `DecompressionStream('deflate-raw')` (Node 20+,
 * current browsers): the output is collected only up to a known size, and decoding stops at the first
 * byte past it, so a lying header costs at most that much memory. Internal.
 */
import { ZipError } from './errors';

/** Inflates `input` (raw deflate, RFC 1951), refusing output longer than `expected` bytes or shorter. */
export async function inflateRawExact(
  input: Uint8Array,
  expected: number,
  entry: string,
): Promise<Uint8Array> {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  // Errors surface on the reader; these promises would otherwise be unhandled rejections.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const out = new Uint8Array(expected);
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.length > expected) {
        await reader.cancel().catch(() => {});
        throw new ZipError(
          'SIZE_MISMATCH',
          `entry ${entry} inflates past the ${expected} bytes its headers announce`,
          { entry },
        );
      }
      out.set(value, total);
      total += value.length;
    }
  } catch (e) {
    if (e instanceof ZipError) throw e;
    throw new ZipError('CORRUPT_DATA', `entry ${entry}: deflate data is corrupt: ${(e as Error).message}`, {
      cause: e,
      entry,
    });
  }
  if (total !== expected)
    throw new ZipError(
      'SIZE_MISMATCH',
      `entry ${entry} inflates to ${total} bytes, its headers announce ${expected}`,
      { entry },
    );
  return out;
}
