import type { HttpMethod, RestOperation } from './operation';

const segmentsOf = (path: string) => path.split('/').filter(Boolean);

/** Params when `path` fits the `template` (`/tasks/{id}`), else null. Next.js has already decoded the segments. */
function matchPath(template: string[], path: string[]): Record<string, string> | null {
  if (template.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const p = path[i]!;
    if (t.startsWith('{') && t.endsWith('}')) params[t.slice(1, -1)] = p;
    else if (t !== p) return null;
  }
  return params;
}

/** Matches method + path against the operations table; tells 404 (no such path) from 405 (other method). */
export function createRestRouter(operations: RestOperation[]) {
  const routes = operations.map((op) => ({ op, template: segmentsOf(op.path) }));

  return function match(method: string, path: string) {
    const segments = segmentsOf(path);
    const allowed: HttpMethod[] = [];
    for (const { op, template } of routes) {
      const params = matchPath(template, segments);
      if (!params) continue;
      if (op.method === method) return { kind: 'ok' as const, op, params };
      allowed.push(op.method);
    }
    return allowed.length ? { kind: 'method-not-allowed' as const, allowed } : { kind: 'not-found' as const };
  };
}
