/** What every semantic check reads: the file, its names, the capacity and (for fixes) the text. */
import type { CapacitySource, KnownCapacity } from '../capacity';
import type { BatchFile, Capacity, UnitSpec, VolumeSpec } from '../model';
import { sourceText, type SourceText } from './edits';

export interface CheckContext {
  file: BatchFile;
  /** Tasks and services by name (one namespace for `needs`); the first wins on a clash. */
  units: Map<string, UnitSpec>;
  volumes: Map<string, VolumeSpec>;
  /** Capacity as resolved; a check about a field that is unknown here does not run. */
  capacity: KnownCapacity;
  /** Where each known capacity field came from, so messages can say what to change. */
  capacitySources: Partial<Record<keyof Capacity, CapacitySource>>;
  /** The batch file's text; quick fixes that must read around a node are left out without it. */
  readonly source?: SourceText;
}

export function makeContext(
  file: BatchFile,
  options: Partial<Pick<CheckContext, 'capacity' | 'capacitySources'>> & { text?: string } = {},
): CheckContext {
  const units = new Map<string, UnitSpec>();
  for (const spec of file.services) if (!units.has(spec.name)) units.set(spec.name, spec);
  for (const spec of file.tasks) if (!units.has(spec.name)) units.set(spec.name, spec);
  const volumes = new Map<string, VolumeSpec>();
  for (const volume of file.volumes) if (!volumes.has(volume.name)) volumes.set(volume.name, volume);
  const { text } = options;
  let source: SourceText | undefined;
  return {
    file,
    units,
    volumes,
    capacity: options.capacity ?? { parallel: Infinity },
    capacitySources: options.capacitySources ?? {},
    // Line starts of the whole text, computed the first time a fix needs them (most files need none).
    get source() {
      return text === undefined ? undefined : (source ??= sourceText(text));
    },
  };
}

/** Services, then tasks: the order of the graph, so every list derived from it is stable. */
export function allUnits(file: BatchFile): UnitSpec[] {
  return [...file.services, ...file.tasks];
}
