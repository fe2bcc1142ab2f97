/**
 * Every diagnostic code the parser emits, with what it means. Codes are stable: tools and users
 * match on them. `docs/batch-file.md` lists them from here, and a test checks the parser emits
 * nothing that is missing.
 */
export const PARSE_CODES = {
  'file-too-large': 'The file is larger than 5 MiB; it is not parsed.',
  'binary-file': 'The file contains NUL bytes, so it is not a text file; it is not parsed.',
  'too-deep': 'The YAML nests deeper than 64 levels.',
  'too-many-aliases': 'The file uses more than 100 YAML aliases (`*name`), which could expand without bound.',
  'yaml-syntax': 'The text is not valid YAML (the message is the YAML parser\'s).',
  'yaml-warning': 'Valid YAML with a questionable construct, such as an unknown tag.',
  'multiple-documents': 'The file holds more than one YAML document (`---`); a batch file is one document.',
  'empty-file': 'The file has no content.',
  'not-a-mapping': 'The top level is not a mapping of keys.',
  'duplicate-key': 'The same key appears twice in one mapping; the first one counts.',
  'unknown-key': 'A key that does not exist in this place (with a "did you mean" fix when one is close).',
  'task-only-key': 'A key that only tasks have, used on a service.',
  'service-only-key': 'A key that only services have (`health`), used on a task.',
  'wrong-type': 'A value of the wrong type, such as a list where a string belongs, or no value at all.',
  'missing-version': 'The required `version: 1` is missing.',
  'unsupported-version': '`version` is not 1.',
  'invalid-cpus': 'A CPU quantity that is not a positive number or millicores such as `"1500m"`.',
  'invalid-memory': 'A memory quantity that is not positive bytes or a number with k, M, G, T, Ki, Mi, Gi or Ti.',
  'invalid-duration': 'A duration that is not like `500ms`, `30s`, `5m`, `1h` or `1m30s` (or is zero where that is not allowed).',
  'invalid-number': 'A count or factor out of its range (e.g. a negative retry count, a `memory-factor` below 1).',
  'invalid-name': 'A task, service or volume name that does not match `[a-z0-9][a-z0-9_-]*`.',
  'duplicate-name': 'Tasks, services and volumes share one namespace; this name is already taken.',
  'run-and-command': 'Both `run` and `command` are given; use one.',
  'missing-run': 'A health check has neither `run` nor `command`.',
  'missing-image': 'No `image`, and `defaults` gives none.',
  'invalid-if': '`if` is not `success`, `failure` or `always`.',
  'invalid-network': '`network` is something other than `host`.',
  'invalid-mount': 'A mount that is not `source:/absolute/target[:ro]`.',
  'invalid-workdir': '`workdir` is not an absolute path.',
  'invalid-env-name': 'An environment variable name that is not letters, digits and `_` (not starting with a digit).',
  'invalid-output-name': 'An output name that is not letters, digits and `_` (not starting with a digit).',
  'duplicate-output': 'The same output is declared twice.',
  'duplicate-need': 'The same name appears twice in `needs` (warning).',
  'invalid-matrix-key': 'A matrix axis name that is not letters, digits, `_` and `-`.',
  'matrix-empty': '`matrix` has no axes, or an axis has no values.',
  'matrix-value-not-scalar': 'A matrix value that is a list, a mapping or empty.',
  'matrix-duplicate-value': 'The same value twice in one matrix axis (the expansions would share a name).',
  'invalid-expression': 'A `${{ … }}` that is neither `${{ matrix.KEY }}` nor `${{ needs.TASK.outputs.NAME }}`.',
  'unclosed-expression': 'A `${{` without `}}` on the same line.',
  'internal-error': 'A bug in Gantry\'s parser; please report it with the file.',
} as const;

export type ParseCode = keyof typeof PARSE_CODES;
