/**
 * Walks oidc-provider's dev login and consent pages over plain HTTP (no browser), the way a user who
 * is already at the keyboard would, and returns the redirect back to the client (with the code).
 * For benchmarks, where a browser's own time would drown what is measured.
 */
export async function walkOidc(authorizationUrl: string, login = 'bench'): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
    }
  };
  const issuerOrigin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: cookie() },
    });
    remember(res);
    if (res.status >= 300 && res.status < 400) {
      await res.arrayBuffer();
      const next = new URL(res.headers.get('location') as string, url);
      if (next.origin !== issuerOrigin) return next.href;
      url = next.href;
      init = {};
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected page from the identity provider (HTTP ${res.status})`);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'x' } : { prompt });
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    init = { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('too many hops through the identity provider');
}
