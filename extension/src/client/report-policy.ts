/**
 * The policy a run's report.html is shown under in the editor (the Gantry Runs view): the report
 * is written by a run whose containers' text may be hostile, so the page gets no script, no
 * remote anything, inline styles and data: images only. Pure (no vscode import): tested in
 * Chromium (test/report-policy.test.ts).
 */

/** A Content-Security-Policy before anything else in the page: inline styles only. */
export function withPolicy(html: string): string {
  const policy = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">`;
  // First thing in the document (after a doctype), so the parser puts it in the head whatever the
  // report holds: a crafted report cannot push it into the body (where it is ignored) with a
  // `<header>` or a second `<head>`. A second policy in the report can only narrow this one.
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const rest = doctype ? html.slice(doctype[0].length) : html;
  return `<!DOCTYPE html>${policy}${rest}`;
}
