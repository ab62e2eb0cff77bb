import type { ChildrenKey, InspectedValue } from '../engine/program/programInspector';

/** What a variablesReference stands for until the program runs again. */
export type VariableContainer =
  | { readonly kind: 'scope'; readonly frame: number; readonly scope: number }
  | { readonly kind: 'children'; readonly frame: number; readonly key: ChildrenKey };

/**
 * The Variables view's references: numbers handed to the editor for scopes and expandable
 * values, valid while the program stays paused (reset at every resume, as DAP allows). The values
 * listed under each are kept, so that setVariable can find the expression a name stands for.
 */
export class VariableStore {
  private containers: VariableContainer[] = [];
  private listed = new Map<number, readonly InspectedValue[]>();

  reset(): void {
    this.containers = [];
    this.listed.clear();
  }

  add(container: VariableContainer): number {
    this.containers.push(container);
    return this.containers.length;
  }

  get(reference: number): VariableContainer | undefined {
    return this.containers[reference - 1];
  }

  remember(reference: number, values: readonly InspectedValue[]): void {
    this.listed.set(reference, values);
  }

  /** The value `name` under `reference` (as the Variables view listed it). */
  find(reference: number, name: string): InspectedValue | undefined {
    return this.listed.get(reference)?.find((v) => v.name === name);
  }
}
