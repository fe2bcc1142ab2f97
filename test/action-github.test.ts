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
    gh.tokens.set('ghs_app', { login: 'gantry-ci[bot]', type: 'Bot' });
    gh.tokens.set('ghp_nographql', { login: 'mona', type: 'User', graphql: false });
    gh.tokens.set('ghs_nographql', { login: ACTIONS_BOT, type: 'Bot', graphql: false });
  });
  afterAll(async () => gh.stop());
  afterEach(() => {
    // Every request the action made must be one GitHub documents, with valid parameters and body.
    expect(gh.violations).toEqual([]);
    gh.comments.length = 0;
    gh.requests.length = 0;
    sleeps.length = 0;
  });

  it("knows every token's own login: the workflow token, a GitHub App's, a personal one", async () => {
    expect(await identify(client('ghs_installation'))).toBe(ACTIONS_BOT);
    expect(await identify(client('ghs_app'))).toBe('gantry-ci[bot]');
    expect(await identify(client('ghp_personal'))).toBe('mona');
    expect(gh.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual(['graphql 200', 'graphql 200', 'graphql 200']);
  });

  it('falls back to /user where GraphQL will not say; an installation token there stays unknown', async () => {
    expect(await identify(client('ghp_nographql'))).toBe('mona');
    expect(await identify(client('ghs_nographql'))).toBeUndefined();
    expect(gh.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual(['graphql 200', 'users/get-authenticated 200', 'graphql 200', 'users/get-authenticated 403']);
  });

  it("a GitHub App's token updates its own comment instead of adding one per run", async () => {
    // Before: any 403 on /user was taken as github-actions[bot], so the App's comment was never found.
    gh.addComment(ISSUE, ACTIONS_BOT, `${marker}\nthe workflow token's comment, another job's`, 'Bot');
    const first = await upsertComment(client('ghs_app'), target('run 1'));
    const second = await upsertComment(client('ghs_app'), target('run 2'));
    expect(first).toMatchObject({ kind: 'created', author: 'gantry-ci[bot]' });
    expect(second).toMatchObject({ kind: 'updated', author: 'gantry-ci[bot]' });
    expect(first.kind === 'created' && second.kind === 'updated' && first.id === second.id).toBe(true);
    expect(gh.commentsOn(ISSUE).map((c) => [c.login, c.body.split('\n')[1]])).toEqual([
      [ACTIONS_BOT, "the workflow token's comment, another job's"],
      ['gantry-ci[bot]', 'run 2'],
    ]);
  });

  it('an unknown identity never edits: it writes a new comment', async () => {
    const old = gh.addComment(ISSUE, ACTIONS_BOT, `${marker}\nperhaps ours, perhaps not`, 'Bot');
    const outcome = await upsertComment(client('ghs_nographql'), target('run 1'));
    expect(outcome.kind).toBe('created');
    expect(gh.commentsOn(ISSUE).find((c) => c.id === old.id)?.body).toContain('perhaps ours');
  });

  it('create: false (comment: on-failure after a success) updates a stale comment, and adds none', async () => {
    expect(await upsertComment(client('ghs_installation'), { ...target('✅ fixed'), create: false })).toEqual({ kind: 'none' });
    expect(gh.commentsOn(ISSUE)).toEqual([]);
    await upsertComment(client('ghs_installation'), target('❌ failure'));
    const fixed = await upsertComment(client('ghs_installation'), { ...target('✅ success'), create: false });
    expect(fixed.kind).toBe('updated');
    expect(gh.commentsOn(ISSUE).map((c) => c.body)).toEqual([`${marker}\n✅ success`]);
  });

  it('creates the comment on the first run and updates the same one on the second', async () => {
    const first = await upsertComment(client('ghs_installation'), target('run 1'));
    expect(first).toMatchObject({ kind: 'created', author: ACTIONS_BOT });
    const second = await upsertComment(client('ghs_installation'), target('run 2'));
    expect(second).toMatchObject({ kind: 'updated', author: ACTIONS_BOT });
    expect(second.kind === 'updated' && first.kind === 'created' && second.id === first.id).toBe(true);
    expect(gh.commentsOn(ISSUE).map((c) => c.body)).toEqual([`${marker}\nrun 2`]);
    expect(gh.requests.map((r) => r.operationId)).toEqual([
      'graphql', 'issues/list-comments', 'issues/create-comment',
      'graphql', 'issues/list-comments', 'issues/update-comment',
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
    expect(gh.requests.slice(0, 3).map((r) => `${r.operationId} ${r.status}`)).toEqual(['graphql 502', 'graphql 502', 'graphql 200']);
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
