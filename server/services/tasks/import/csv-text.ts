import { AppError } from '@/server/errors';

export type CsvSource = string | Uint8Array | ReadableStream<Uint8Array>;

const notUtf8 = () =>
  new AppError('BAD_REQUEST', 'The file is not UTF-8: save it as UTF-8 CSV and upload it again', {
    reason: 'CSV_NOT_UTF8',
  });

const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes / (1024 * 1024)} MB`, {
    reason: 'CSV_TOO_LARGE',
    details: { maxBytes },
  });

/**
 * The upload as text: at most `maxBytes`, strict UTF-8 (a BOM is dropped). UTF-16 and Latin-1 files are
 * refused rather than imported as mojibake; a NUL character gives UTF-16 away even when its bytes happen to
 * be valid UTF-8.
 */
export async function readCsvText(source: CsvSource, maxBytes: number): Promise<string> {
  let text: string;
  if (typeof source === 'string') {
    if (Buffer.byteLength(source, 'utf8') > maxBytes) throw tooLarge(maxBytes);
    text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  } else if (source instanceof Uint8Array) {
    if (source.byteLength > maxBytes) throw tooLarge(maxBytes);
    text = decode([source]);
  } else {
    text = decode(await readWithin(source, maxBytes));
  }
  if (text.includes('\u0000')) throw notUtf8();
  return text;
}

function decode(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return chunks.map((c) => decoder.decode(c, { stream: true })).join('') + decoder.decode();
  } catch {
    throw notUtf8();
  }
}

/** Reads a stream, giving up as soon as it passes `maxBytes` (nothing beyond is buffered). */
async function readWithin(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array[]> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
}
