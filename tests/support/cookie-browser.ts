/**
 * A minimal cookie jar that signs in through Auth.js's credentials flow, as a browser would. `base` can
 * change between calls, so one session can be carried from one server to another.
 */
export class CookieBrowser {
  cookies = new Map<string, string>();
  constructor(public base: string) {}

  async fetch(path: string, init: RequestInit = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${this.base}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie },
    });
    for (const c of res.headers.getSetCookie()) {
      const [name, ...rest] = c.split(';')[0]!.split('=');
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    return res;
  }

  private async form(path: string, fields: Record<string, string>) {
    const { csrfToken } = (await (await this.fetch('/api/auth/csrf')).json()) as { csrfToken: string };
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, ...fields }),
    });
  }

  signIn(email: string, password: string) {
    return this.form('/api/auth/callback/credentials', { email, password, redirect: 'false' });
  }

  signOut() {
    return this.form('/api/auth/signout', {});
  }

  async meStatus() {
    return (await this.fetch('/api/trpc/node/auth.me')).status;
  }
}
