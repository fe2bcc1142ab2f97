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

/** The login of the default `GITHUB_TOKEN` (and of GitHub Apps acting as Actions). */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * Who the token acts as, so the action only ever edits its own comment. A personal token can read
 * `/user`; the workflow's `GITHUB_TOKEN` is an installation token that cannot (403 "Resource not
 * accessible by integration", also 401 on some servers), and acts as `github-actions[bot]`.
 */
export async function identify(github: GitHub): Promise<string> {
  try {
    const { data } = await github.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 401) return ACTIONS_BOT;
    throw error;
  }
}
