/**
 * Hover on `${{ … }}` expressions (issue 16), over a real LSP connection: a matrix key's values
 * and where it is defined; an output's declaration and the lines of its task's `run` that write
 * it; file text shown as code, never as markdown of its own.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { SAMPLE, URI } from './lsp/fixtures';
import { at, startHarness, type Harness } from './lsp/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function hoverAt(uri: string, position: { line: number; character: number }) {
  const result = await h.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  return result ? { text: (result.contents as MarkupContent).value, range: result.range } : null;
}

it('on matrix.KEY: the key, its values as written, the expansions, its line', async () => {
  await h.open(URI, SAMPLE);
  const key = at(SAMPLE, 'matrix.shard', 8);
  const hover = (await hoverAt(URI, key))!;
  expect(hover.text).toContain(`**matrix key** \`shard\` of \`test\` (line ${at(SAMPLE, 'matrix: { shard').line + 1})`);
  expect(hover.text).toContain('2 values: `1`, `2`');
  expect(hover.text).toContain("Each of the task's 2 expansions runs with one of them here.");
  expect(hover.text).toContain('```yaml\nmatrix: { shard: [1, 2] }\n```');
  // The hover's range is the key, and hovering `matrix` says the same.
  expect(hover.range).toEqual({ start: at(SAMPLE, 'matrix.shard', 7), end: at(SAMPLE, 'matrix.shard', 12) });
  expect((await hoverAt(URI, at(SAMPLE, 'matrix.shard', 2)))!.text).toBe(hover.text);
});

it('on needs.TASK.outputs.NAME: where it is declared and where the task writes it', async () => {
  await h.open(URI, SAMPLE);
  const hover = (await hoverAt(URI, at(SAMPLE, 'outputs.version', 10)))!;
  expect(hover.text).toContain(`**output** \`version\` of \`build\`, declared on line ${at(SAMPLE, 'outputs: [version]').line + 1}`);
  expect(hover.text).toContain(`Written by its \`run\` into \`$GANTRY_OUTPUT\` on line ${at(SAMPLE, 'echo "version=').line + 1}:`);
  expect(hover.text).toContain('```yaml\nrun: echo "version=1.2.3" >> "$GANTRY_OUTPUT"\n```');
  expect(hover.text).toContain('Its value is known once `build` has run');
  // On `outputs` as well; on the task name, the task's own hover.
  expect((await hoverAt(URI, at(SAMPLE, 'outputs.version', 2)))!.text).toBe(hover.text);
  expect((await hoverAt(URI, at(SAMPLE, 'needs.build', 8)))!.text).toMatch(/^\*\*task\*\* `build`/);
});

it('says what is missing: no such key, no such output; and file text stays code', async () => {
  const text = `version: 1
tasks:
  a:
    image: busybox
    run: |
      echo "x=1" >> "$GANTRY_OUTPUT"
    outputs: [x]
  b:
    needs: [a]
    image: busybox
    matrix: { "k": ["\`\`\`</script> **bold**"] }
    run: echo \${{ matrix.k }} \${{ matrix.nope }} \${{ needs.a.outputs.y }} \${{ needs.a.outputs.x }}
`;
  const uri = 'file:///work/project/h/gantry.yml';
  await h.open(uri, text);
  const k = (await hoverAt(uri, at(text, 'matrix.k', 7)))!.text;
  // The value in inline code longer than its backticks (padded, as CommonMark wants for text
  // starting with one): no markdown, no HTML of its own.
  expect(k).toContain('1 value: ```` ```</script> **bold** ````');
  expect(k).toMatch(/^````+yaml$/m);
  expect((await hoverAt(uri, at(text, 'matrix.nope', 8)))!.text).toContain('`b` has no matrix key `nope`.');
  expect((await hoverAt(uri, at(text, 'outputs.y', 8)))!.text).toContain('`a` declares no output `y` (its `outputs:` are `x`).');
  // A block scalar's line, found inside the `run: |` value.
  expect((await hoverAt(uri, at(text, 'outputs.x }}', 8)))!.text).toContain(`on line ${at(text, 'echo "x=1"').line + 1}:`);
});
