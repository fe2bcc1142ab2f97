/** Links between the drawings: every element that stands for a unit, for hover and highlight. */

export class UnitElements {
  private readonly byId = new Map<string, Element[]>();

  add(id: string, element: Element): void {
    const list = this.byId.get(id);
    if (list) list.push(element);
    else this.byId.set(id, [element]);
  }

  /** Sets `className` on the elements of `ids` and removes it from all others. */
  mark(className: string, ids: readonly string[]): void {
    const wanted = new Set(ids);
    for (const [id, elements] of this.byId) {
      for (const element of elements) element.classList.toggle(className, wanted.has(id));
    }
  }

  first(id: string): Element | undefined {
    return this.byId.get(id)?.[0];
  }
}
