import type { Metadata } from 'next';
import { curlFor, type Schema } from '@/components/docs/curl-example';
import { InlineCode } from '@/components/docs/inline-code';
import { StreamDocs } from '@/components/docs/stream-docs';
import { buildOpenApiDocument } from '@/server/rest/openapi';

export const metadata: Metadata = { title: 'API docs' };

type Operation = {
  summary?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};

const METHOD_STYLE: Record<string, string> = {
  get: 'bg-sky-600',
  post: 'bg-emerald-600',
  patch: 'bg-amber-600',
  delete: 'bg-rose-600',
};

/** REST reference rendered from the same OpenAPI document served at /api/v1/openapi.json, with a curl example per operation. */
export default function DocsPage() {
  const doc = buildOpenApiDocument() as { info: { description: string }; paths: Record<string, Record<string, Operation>> };
  return (
    <article className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">PrimeTrade REST API</h1>
        <p className="text-zinc-600 dark:text-zinc-400">
          <InlineCode text={doc.info.description} />
        </p>
        <p className="text-sm">
          Machine-readable:{' '}
          <a className="text-brand underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>{' '}
          (OpenAPI 3.1). Errors always look like <code>{'{"error":{"code","message","details?"}}'}</code>. The examples read
          your key from <code>$KEY</code> (create one under Settings) and ids from shell variables.
        </p>
      </header>
      <StreamDocs />
      <ul className="space-y-3">
        {Object.entries(doc.paths).flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, op]) => (
            <li key={`${method} ${path}`} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
              <div className="flex flex-wrap items-center gap-3">
                <span className={`rounded px-2 py-0.5 text-xs font-bold uppercase text-white ${METHOD_STYLE[method] ?? 'bg-zinc-600'}`}>
                  {method}
                </span>
                <code className="font-mono text-sm">{path}</code>
                <span className="text-sm text-zinc-600 dark:text-zinc-400">{op.summary && <InlineCode text={op.summary} />}</span>
                {op.security?.length === 0 && <span className="text-xs text-zinc-500">no auth</span>}
              </div>
              {op.parameters?.length ? (
                <p className="mt-2 text-sm">
                  Parameters:{' '}
                  {op.parameters.map((p) => (
                    <code key={p.name} className="mr-2">
                      {p.name}
                      {p.required ? '' : '?'} ({p.in})
                    </code>
                  ))}
                </p>
              ) : null}
              <pre className="mt-2 overflow-x-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">
                {curlFor({ ...op, method, path, secured: op.security?.length !== 0 })}
              </pre>
              {op.requestBody ? (
                <details className="mt-2 text-sm">
                  <summary className="cursor-pointer">Request body</summary>
                  <pre className="mt-2 overflow-x-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">
                    {JSON.stringify(Object.values(op.requestBody.content)[0]?.schema, null, 2)}
                  </pre>
                </details>
              ) : null}
            </li>
          )),
        )}
      </ul>
    </article>
  );
}
