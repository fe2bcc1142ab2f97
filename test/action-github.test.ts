/**
 * The pull request comment against a local server that answers like GitHub and checks every
 * request against GitHub's OpenAPI description.
 */
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './support/fake-github';
import { ACTIONS_BOT, createGitHub, identify } from '../action/github';
import { upsertComment } from '../action/sticky-comment';
import { commentMarker } from '../action/comment';

const ISSUE = 'octo/app#7';
const marker = commentMarker('gantry.yml');
const target = (body: string) => ({ owner: 'octo', repo: 'app', issueNumber: 7, marker, body: `${marker}\n${body}` });

describe('sticky pull request comment', () => {
  let gh: FakeGitHub;
  const sleeps: number[] = [];
  const client = (token: string) => createGitHub({ token, baseUrl: gh.url, sleep: async (ms) => void sleeps.push(ms) });

  beforeAll(async () => {
    gh = await new FakeGitHub().start();
    gh.tokens.set('ghs_installation', { login: ACTIONS_BOT, type: 'Bot' });
    gh.tokens.set('ghp_personal', { login: 'mona', type: 'User' });
    gh.tokens.set('ghs_readonly', { login: ACTIONS_BOT, type: 'Bot', canWrite: false });
  });
  afterAll(async () => gh.stop());
  afterEach(() => {
    // Every request the action made must be one GitHub documents, with valid parameters and body.
    expect(gh.violations).toEqual([]);
    gh.comments.length = 0;
    gh.requests.length = 0;
    sleeps.length = 0;
  });

  it('the workflow token is github-actions[bot], a personal token its user', async () => {
    expect(await identify(client('ghs_installation'))).toBe(ACTIONS_BOT);
    expect(await identify(client('ghp_personal'))).toBe('mona');
    expect(gh.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual(['users/get-authenticated 403', 'users/get-authenticated 200']);
  });

  it('creates the comment on the first run and updates the same one on the second', async () => {
    const first = await upsertComment(client('ghs_installation'), target('run 1'));
    expect(first).toMatchObject({ kind: 'created', author: ACTIONS_BOT });
    const second = await upsertComment(client('ghs_installation'), target('run 2'));
    expect(second).toMatchObject({ kind: 'updated', author: ACTIONS_BOT });
    expect(second.kind === 'updated' && first.kind === 'created' && second.id === first.id).toBe(true);
    expect(gh.commentsOn(ISSUE).map((c) => c.body)).toEqual([`${marker}\nrun 2`]);
    expect(gh.requests.map((r) => r.operationId)).toEqual([
      'users/get-authenticated', 'issues/list-comments', 'issues/create-comment',
      'users/get-authenticated', 'issues/list-comments', 'issues/update-comment',
    ]);
  });

  it("leaves another author's comment with the marker alone", async () => {
    const quoted = gh.addComment(ISSUE, 'mona', `> ${marker}\nlooks like the bot's, but mine`);
    const botOtherFile = gh.addComment(ISSUE, ACTIONS_BOT, `${commentMarker('other.gantry.yml')}\nanother batch file`, 'Bot');
    const outcome = await upsertComment(client('ghs_installation'), target('run 1'));
    expect(outcome.kind).toBe('created');
    expect(gh.commentsOn(ISSUE).find((c) => c.id === quoted.id)?.body).toBe(`> ${marker}\nlooks like the bot's, but mine`);
    expect(gh.commentsOn(ISSUE).find((c) => c.id === botOtherFile.id)?.body).toContain('another batch file');
    expect(gh.commentsOn(ISSUE)).toHaveLength(3);
  });

  it('a personal token finds its own comment among many (paginated)', async () => {
    for (let i = 0; i < 120; i++) gh.addComment(ISSUE, i % 2 ? 'someone' : ACTIONS_BOT, `${marker}\nnoise ${i}`, i % 2 ? 'User' : 'Bot');
    const mine = gh.addComment(ISSUE, 'mona', `${marker}\nold`);
    const outcome = await upsertComment(client('ghp_personal'), target('new'));
    expect(outcome).toMatchObject({ kind: 'updated', id: mine.id, author: 'mona' });
    expect(gh.requests.filter((r) => r.operationId === 'issues/list-comments')).toHaveLength(2);
  });

  it('a read-only token (a fork pull request) is reported as forbidden, not thrown', async () => {
    const outcome = await upsertComment(client('ghs_readonly'), target('run 1'));
    expect(outcome.kind).toBe('forbidden');
    expect(outcome.kind === 'forbidden' && outcome.message).toMatch(/403.*Resource not accessible by integration/);
    expect(gh.commentsOn(ISSUE)).toEqual([]);
  });

  it('retries a 5xx with doubling backoff and then succeeds', async () => {
    gh.failNext(2, 502);
    const outcome = await upsertComment(client('ghs_installation'), target('run 1'));
    expect(outcome.kind).toBe('created');
    expect(sleeps).toEqual([1000, 2000]);
    expect(gh.requests.slice(0, 3).map((r) => r.status)).toEqual([502, 502, 403]);
  });

  it('gives up after 3 attempts of a 5xx without throwing', async () => {
    gh.failNext(3, 503);
    const outcome = await upsertComment(client('ghs_installation'), target('run 1'));
    expect(outcome).toMatchObject({ kind: 'failed' });
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/503/);
    expect(gh.requests.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(sleeps).toEqual([1000, 2000]);
    expect(gh.commentsOn(ISSUE)).toEqual([]);
  });
});

describe('the fake checks requests against the OpenAPI description', () => {
  it('records a missing required body field, a mistyped path parameter and an unknown route', async () => {
    const gh = await new FakeGitHub().start();
    gh.tokens.set('t', { login: 'mona', type: 'User' });
    try {
      const headers = { authorization: 'token t', 'content-type': 'application/json' };
      const r1 = await fetch(`${gh.url}/repos/o/r/issues/7/comments`, { method: 'POST', headers, body: JSON.stringify({ text: 'x' }) });
      const r2 = await fetch(`${gh.url}/repos/o/r/issues/comments/abc`, { method: 'PATCH', headers, body: JSON.stringify({ body: 'x' }) });
      const r3 = await fetch(`${gh.url}/repos/o/r/nonsense`, { headers });
      expect([r1.status, r2.status, r3.status]).toEqual([400, 400, 404]);
      expect(gh.violations).toEqual([
        'POST /repos/o/r/issues/7/comments (issues/create-comment): body.body is required',
        'POST /repos/o/r/issues/7/comments (issues/create-comment): body.text is not documented',
        'PATCH /repos/o/r/issues/comments/abc (issues/update-comment): path parameter comment_id must be an integer, got "abc"',
        "GET /repos/o/r/nonsense: no such operation in GitHub's OpenAPI description",
      ]);
    } finally {
      await gh.stop();
    }
  });
});
