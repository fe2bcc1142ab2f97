/**
 * One pull request comment for four shards (action/publish-shards.ts), against the fake GitHub that
 * checks every request against the OpenAPI description — with the shards' requests interleaved:
 * all at the same moment in lock step, and one shard writing late from a stale read.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './support/fake-github';
import { failedRun, successRun } from './support/action-fixtures';
import { ACTIONS_BOT, createGitHub } from '../action/github';
import { commentMarker } from '../action/comment';
import { decodePart, encodePart, publishShardPart, renderShardedComment, shardPart, type ShardCommentOutcome, type ShardPart } from '../action/publish-shards';
import type { RunDocument } from '../core/report/run-document';

const SHA = 'a'.repeat(40);
const KEY = 'ci/gantry.yml';
const ISSUE = 'octo/app#7';

/** Shard i's document: failedRun for shard 2, successRun for the others, ids made distinct. */
function shardDoc(i: number): RunDocument {
  const doc = i === 2 ? failedRun() : successRun();
  for (const u of doc.units) u.id = `${u.id}-s${i}`;
  doc.criticalPath = [];
  return doc;
}

const part = (i: number, total = 4): ShardPart => shardPart(shardDoc(i), i, total, { file: KEY, key: KEY });

/**
 * Holds every shard's requests until each shard still going has one waiting, then lets them all go
 * at once: the k-th requests of all shards reach the server together, as when shards finish at the
 * same moment.
 */
class LockStep {
  readonly #pending = new Map<number, () => void>();
  readonly #live: Set<number>;
  constructor(ids: number[]) {
    this.#live = new Set(ids);
  }
  fetchFor(id: number): typeof fetch {
    return async (input, init) => {
      await new Promise<void>((go) => {
        this.#pending.set(id, go);
        this.#tick();
      });
      return fetch(input, init);
    };
  }
  finish(id: number): void {
    this.#live.delete(id);
    this.#tick();
  }
  #tick(): void {
    if (this.#pending.size === 0 || ![...this.#live].every((id) => this.#pending.has(id))) return;
    const go = [...this.#pending.values()];
    this.#pending.clear();
    for (const g of go) g();
  }
}

describe('one comment for every shard', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await new FakeGitHub().start();
    gh.tokens.set('ghs_workflow', { login: ACTIONS_BOT, type: 'Bot' });
    gh.tokens.set('ghp_personal', { login: 'mona', type: 'User' });
  });
  afterAll(async () => gh.stop());
  afterEach(() => {
    expect(gh.violations).toEqual([]);
    gh.comments.length = 0;
    gh.checkRuns.length = 0;
    gh.requests.length = 0;
  });

  const target = (p: ShardPart) => ({ owner: 'octo', repo: 'app', issueNumber: 7, sha: SHA, key: KEY, part: p, runUrl: 'https://github.com/octo/app/actions/runs/42' });

  function expectAllFour(): string {
    const comments = gh.commentsOn(ISSUE);
    expect(comments).toHaveLength(1);
    const body = comments[0].body;
    expect(body.startsWith(commentMarker(KEY))).toBe(true);
    for (const i of [1, 2, 3, 4]) expect(body).toContain(`#### Shard ${i}/4 · ${i === 2 ? '❌ failure' : '✅ success'}`);
    expect(body).toContain('❌ **failure** · shards done 4/4 · 1 failed: `test[shard=2]-s2`');
    expect(body).not.toContain('Not finished yet');
    return body;
  }

  it('4 shards finishing at the same moment (requests in lock step): one comment with all 4 sections', async () => {
    const lock = new LockStep([1, 2, 3, 4]);
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map(async (i) => {
        const github = createGitHub({ token: 'ghs_workflow', baseUrl: gh.url, fetch: lock.fetchFor(i) });
        try {
          return await publishShardPart(github, target(part(i)));
        } finally {
          lock.finish(i);
        }
      }),
    );
    for (const o of outcomes) expect(['created', 'updated']).toContain(o.kind);
    expectAllFour();
    // All four created a comment at once; three saw an older one, deleted theirs and updated it.
    expect(gh.requests.filter((r) => r.operationId === 'issues/create-comment')).toHaveLength(4);
    expect(gh.requests.filter((r) => r.operationId === 'issues/delete-comment')).toHaveLength(3);
    expect(gh.checkRuns.map((r) => r.name).sort()).toEqual([1, 2, 3, 4].map((i) => `Gantry: ${KEY} (shard ${i}/4)`));
    expect(gh.checkRuns.find((r) => r.name.endsWith('(shard 2/4)'))?.conclusion).toBe('failure');
  });

  it('a shard that writes late from a stale read (only its own part) does not lose the others: it sees new parts and writes again', async () => {
    // Shard 1 reads the parts (only its own), then its comment write is held back…
    let release!: () => void;
    const held = new Promise<void>((ok) => (release = ok));
    let paused!: () => void;
    const isPaused = new Promise<void>((ok) => (paused = ok));
    let writes = 0;
    const slow: typeof fetch = async (input, init) => {
      const method = init?.method ?? 'GET';
      if (String(input).includes('/issues/') && method !== 'GET' && writes++ === 0) {
        paused();
        await held;
      }
      return fetch(input, init);
    };
    const one = publishShardPart(createGitHub({ token: 'ghs_workflow', baseUrl: gh.url, fetch: slow }), target(part(1)));
    await isPaused;
    // …while shards 2–4 finish, one after another, each writing the whole comment.
    for (const i of [2, 3, 4]) expect((await publishShardPart(createGitHub({ token: 'ghs_workflow', baseUrl: gh.url }), target(part(i)))).kind).toMatch(/created|updated/);
    expect(gh.commentsOn(ISSUE)[0].body).toContain('shards done 4/4');
    release();
    const late = await one;
    expect(late.kind).toMatch(/created|updated/);
    // Its first write was stale (1 of 4 parts); the verify read saw 4 parts, so it wrote again.
    const bodies = gh.requests.filter((r) => r.operationId === 'issues/update-comment' || r.operationId === 'issues/create-comment').map((r) => (r.body as { body: string }).body);
    expect(bodies.some((b) => b.includes('shards done 1/4'))).toBe(true);
    expectAllFour();
  });

  it('comment: on-failure — shards that all pass create no comment; a failing shard creates it, and later passing shards update it', async () => {
    const client = () => createGitHub({ token: 'ghs_workflow', baseUrl: gh.url });
    const quiet = (i: number) => ({ ...target(part(i)), onFailureOnly: true });
    expect((await publishShardPart(client(), quiet(1))).kind).toBe('none');
    expect(gh.commentsOn(ISSUE)).toHaveLength(0);
    expect((await publishShardPart(client(), quiet(2))).kind).toBe('created');
    expect((await publishShardPart(client(), quiet(3))).kind).toBe('updated');
    expect((await publishShardPart(client(), quiet(4))).kind).toBe('updated');
    expectAllFour();
  });

  it('shards still running show as not finished; the header adds up what is done', () => {
    const body = renderShardedComment([part(3)], { key: KEY, total: 4, commit: { sha: SHA } });
    expect(body).toContain('⏳ **in progress** · shards done 1/4');
    expect(body).toContain('⏳ Not finished yet: shard 1/4, shard 2/4, shard 4/4.');
    expect(body).toContain('commit `aaaaaaa`');
    expect(body.length).toBeLessThanOrEqual(65_536);
  });

  it('a personal token cannot keep parts as check runs: the caller is told, nothing is written', async () => {
    const outcome: ShardCommentOutcome = await publishShardPart(createGitHub({ token: 'ghp_personal', baseUrl: gh.url }), target(part(1)));
    expect(outcome.kind).toBe('no-parts');
    expect(gh.commentsOn(ISSUE)).toHaveLength(0);
  });

  it("a part is read back exactly, and anything else in a check run's summary is not a part", () => {
    const p = part(2);
    expect(decodePart(encodePart(p))).toEqual(p);
    expect(decodePart('<!-- gantry:part {"shard":1} -->\nx')).toBeUndefined();
    expect(decodePart('<!-- gantry:part not json -->\nx')).toBeUndefined();
    expect(decodePart('hello')).toBeUndefined();
    // A failed id cannot end the hidden line early.
    const sneaky = { ...p, failed: ['x --> <img src=x>'] };
    const encoded = encodePart(sneaky);
    expect(encoded.split('\n')[0]).not.toMatch(/-->.*-->/);
    expect(decodePart(encoded)?.failed).toEqual(['x --> <img src=x>']);
    // In the header, as a code span: shown, never HTML.
    expect(renderShardedComment([sneaky], { key: KEY, total: 4 })).toContain('1 failed: `x --> <img src=x>`');
  });
});

describe('check run names', () => {
  it('stay distinct for long keys that share a beginning (GitHub keeps the latest check run per name)', async () => {
    const { checkRunName } = await import('../action/publish-shards');
    const a = checkRunName(`${'x'.repeat(90)}/a.yml`, 1, 4);
    const b = checkRunName(`${'x'.repeat(90)}/b.yml`, 1, 4);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThan(100);
    expect(checkRunName('gantry.yml', 2, 4)).toBe('Gantry: gantry.yml (shard 2/4)');
  });
});
