import { AppError } from '@/server/errors';
import { readBodyWithin } from '@/server/http/body-limit';

/**
 * The bytes of an uploaded file: a raw `text/csv` (or octet-stream) body, or the first file field of a
 * multipart form. Over `maxBytes` → 413 before the whole body is read.
 */
export async function readUpload(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const type = req.headers.get('content-type') ?? '';
  const limited = await readBodyWithin(req, maxBytes + 64 * 1024);
  if (!limited) throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes`);
  if (/^multipart\/form-data/i.test(type)) {
    const form = await limited.formData().catch(() => {
      throw new AppError('BAD_REQUEST', 'Malformed multipart body');
    });
    const file = [...form.values()].find((v): v is File => typeof v !== 'string');
    if (!file) throw new AppError('BAD_REQUEST', 'Attach the CSV as a file field (e.g. -F file=@tasks.csv)');
    return new Uint8Array(await file.arrayBuffer());
  }
  if (!/^(text\/csv|text\/plain|application\/octet-stream)\b/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the CSV as text/csv or as a multipart file upload');
  }
  return new Uint8Array(await limited.arrayBuffer());
}
