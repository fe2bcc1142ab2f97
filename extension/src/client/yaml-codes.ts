/**
 * Which of Gantry's diagnostics the YAML extension (redhat.vscode-yaml) reports too, so the client
 * can leave them out while that extension validates the file (see yaml-coexistence.ts). No
 * `vscode` import: tested without VS Code.
 */
import type { ParseCode } from '../../../core/parse-codes';

/**
 * Codes (core/parse-codes.ts) of problems any YAML validator reports: the YAML parser's errors and
 * warnings, and duplicate keys (yaml-language-server's "Map keys must be unique").
 */
export const GENERIC_YAML_CODES: ReadonlySet<ParseCode> = new Set<ParseCode>(['yaml-syntax', 'yaml-warning', 'duplicate-key']);

/** A diagnostic's code as the LSP client hands it over: a string, a number, or `{ value, target }`. */
export type DiagnosticCode = string | number | { value: string | number } | undefined;

export function isGenericYamlCode(code: DiagnosticCode): boolean {
  const value = typeof code === 'object' ? code.value : code;
  return typeof value === 'string' && (GENERIC_YAML_CODES as ReadonlySet<string>).has(value);
}

/** `diagnostics` without those the YAML extension shows as well, when it validates the file. */
export function withoutGenericYaml<D extends { code?: DiagnosticCode }>(diagnostics: D[], yamlExtensionValidates: boolean): D[] {
  return yamlExtensionValidates ? diagnostics.filter((d) => !isGenericYamlCode(d.code)) : diagnostics;
}
