'use client';

import { useState } from 'react';
import { ImportProgress } from './import-progress';
import { useHydrated } from '@/components/ui/use-hydrated';

type UploadAnswer = { jobId: string } | { error: { message: string } };

/**
 * Uploads the chosen file to `POST /api/v1/tasks/import` (the session cookie signs the request) and follows
 * the job it starts. The server checks the whole file first: a bad header, encoding or size is refused at
 * once with its reason, before any job exists. Folded away until wanted; it keeps following a running import
 * while folded.
 */
export function TaskImport({ onImported }: { onImported: () => void }) {
  const hydrated = useHydrated();
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  async function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setError('Choose a CSV file first.');
      return;
    }
    setUploading(true);
    setError(null);
    setJobId(null);
    try {
      const body = new FormData();
      body.set('file', file);
      const res = await fetch('/api/v1/tasks/import', { method: 'POST', body, credentials: 'same-origin' });
      const answer = (await res.json().catch(() => null)) as UploadAnswer | null;
      if (res.status === 202 && answer && 'jobId' in answer) setJobId(answer.jobId);
      else setError(answer && 'error' in answer ? answer.error.message : `Upload failed (HTTP ${res.status}).`);
    } catch {
      setError('Upload failed: the server could not be reached.');
    } finally {
      setUploading(false);
    }
  }

  return (
    <details className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <summary className="cursor-pointer">
        <h2 className="inline font-medium">Import from CSV</h2>
      </summary>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        A UTF-8 file whose first row names the columns: <code>title</code> (required), <code>description</code>,{' '}
        <code>status</code>, <code>priority</code>, <code>due_at</code>, <code>asset_symbol</code>. Up to 10 MB and
        100,000 rows; rows with errors are skipped and listed with their line numbers.
      </p>
      <form onSubmit={upload} className="flex flex-wrap items-end gap-3" noValidate>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">CSV file</span>
          <input
            type="file"
            name="file"
            accept=".csv,text/csv"
            aria-describedby={error ? 'import-error' : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(null);
            }}
            className="block max-w-full text-sm file:mr-3 file:rounded file:border file:border-zinc-300 file:bg-transparent file:px-3 file:py-1.5 file:text-inherit dark:file:border-zinc-700"
          />
        </label>
        <button type="submit" disabled={!hydrated || uploading} className="rounded bg-brand px-4 py-2 text-sm font-medium text-white disabled:opacity-60">
          {uploading ? 'Uploading…' : 'Import'}
        </button>
      </form>
      {error && (
        <p id="import-error" role="alert" className="text-sm text-down">
          {error}
        </p>
      )}
      {jobId && <ImportProgress key={jobId} jobId={jobId} onFinished={onImported} />}
    </details>
  );
}
