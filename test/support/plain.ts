/**
 * A value as plain data, as it would be sent over JSON: what the model's ranges say, including
 * the lazily computed ones (UnitSpec.fields), rather than how they are stored.
 */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
