/**
 * The GitHub client the action uses: @octokit/rest against `GITHUB_API_URL` (GitHub Enterprise
 * Server and the test server both set it), retrying server errors.
 *
 * A 5xx (or a connection that fails, which Octokit reports as status 500) is retried up to
 * `attempts` times in all, with doubling backoff; the last error is then thrown for the caller to
 * turn into a warning — a flaky API must never fail the user's run. 4xx are never retried: they will
 * not change by asking again.
 */
import { Octokit } from '@octokit/rest';

export interface GitHubOptions {
  token: string;
  /** `GITHUB_API_URL`. Default: https://api.github.com. */
  baseUrl?: string;
  /** Tries per request on a 5xx. Default: 3. */
  attempts?: number;
  /** Wait before the second try (ms), doubled for each further one. Default: 1000. */
  backoff?: number;
  /** Default: setTimeout. Tests pass a recorder to keep time out of unit tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Told of each retry, for the log. Default: nothing. */
  onRetry?: (message: string) => void;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

export type GitHub = InstanceType<typeof Octokit>;

export function createGitHub(options: GitHubOptions): GitHub {
  const attempts = options.attempts ?? 3;
  const backoff = options.backoff ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: (options.baseUrl || 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'gantry-action',
    request: options.fetch ? { fetch: options.fetch } : undefined,
    // Octokit logs every 4xx as a warning by default; the action decides what to show.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  octokit.hook.wrap('request', async (request, endpointOptions) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(endpointOptions);
      } catch (error) {
        const status = statusOf(error);
        if (status === undefined || status < 500 || attempt >= attempts) throw error;
        const delay = backoff * 2 ** (attempt - 1);
        options.onRetry?.(`GitHub answered ${status} to ${endpointOptions.method} ${endpointOptions.url}; attempt ${attempt + 1} of ${attempts} in ${delay} ms`);
        await sleep(delay);
      }
    }
  });
  return octokit;
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** The login of the default `GITHUB_TOKEN` (the GitHub Actions app's installation token). */
export const ACTIONS_BOT = 'github-actions[bot]';

/** GraphQL's `viewer`: whoever the token acts as, for every kind of token. */
export const VIEWER_QUERY = 'query { viewer { login } }';

/**
 * Who the token acts as, so the action only ever edits its own comment; undefined when GitHub will
 * not say.
 *
 * REST `GET /user` answers only for tokens that act as a user (personal tokens, OAuth and
 * user-to-server tokens). Installation tokens — the workflow's `GITHUB_TOKEN`, and a GitHub App's
 * token from actions/create-github-app-token — get 403 "Resource not accessible by integration",
 * and `GET /app` wants the App's JWT. GraphQL's `viewer` answers for all of them: `mona`,
 * `github-actions[bot]`, `<app-slug>[bot]`. So `viewer` first; `/user` when GraphQL is not offered
 * or refuses. Guessing (every 403 taken as `github-actions[bot]`) made an App's token create a new
 * comment on every run, and could point the action at a comment that is not its own.
 */
export async function identify(github: GitHub): Promise<string | undefined> {
  try {
    const data = await github.graphql<{ viewer?: { login?: unknown } }>(VIEWER_QUERY);
    const login = data?.viewer?.login;
    if (typeof login === 'string' && login !== '') return login;
  } catch (error) {
    const status = statusOf(error);
    // A flaky server is retried by the hook and then reported; anything else (no GraphQL here,
    // an error in the answer) falls back to REST.
    if (status !== undefined && status >= 500) throw error;
  }
  try {
    const { data } = await github.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 401 || status === 404) return undefined;
    throw error;
  }
}
