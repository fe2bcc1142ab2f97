/**
 * Links between the drawings: the elements that stand for a unit, for hover and highlight. The
 * drawings create and drop their elements as they scroll (only what is in view is drawn), so the
 * marks are kept here and applied to an element when it is added.
 */

export class UnitElements {
  private readonly byId = new Map<string, Set<Element>>();
  private readonly marks = new Map<string, Set<string>>();

  /** `ids`: every unit the element stands for (a matrix group row stands for all its members). */
  add(ids: string | readonly string[], element: Element): void {
    for (const id of typeof ids === 'string' ? [ids] : ids) {
      const set = this.byId.get(id);
      if (set) set.add(element);
      else this.byId.set(id, new Set([element]));
    }
    for (const [className, marked] of this.marks) {
      const all = typeof ids === 'string' ? [ids] : ids;
      element.classList.toggle(className, all.some((id) => marked.has(id)));
    }
  }

  /** Forgets the elements inside `container` (about to be redrawn). */
  dropWithin(container: Element): void {
    for (const [id, set] of this.byId) {
      for (const element of set) if (container.contains(element)) set.delete(element);
      if (set.size === 0) this.byId.delete(id);
    }
  }

  /** Sets `className` on the elements of `ids` and removes it from all others. */
  mark(className: string, ids: readonly string[]): void {
    const wanted = new Set(ids);
    const before = this.marks.get(className) ?? new Set<string>();
    this.marks.set(className, wanted);
    const touched = new Set<Element>();
    for (const id of [...before, ...wanted]) for (const element of this.byId.get(id) ?? []) touched.add(element);
    for (const element of touched) {
      const elementIds = element.getAttribute('data-ids')?.split('\n') ?? [element.getAttribute('data-id') ?? ''];
      element.classList.toggle(className, elementIds.some((id) => wanted.has(id)));
    }
  }

  first(id: string): Element | undefined {
    return this.byId.get(id)?.values().next().value;
  }
}
