import type { Component } from 'svelte';
import type { ViewContext } from '../lib/viewContext';
import LiveAddressSpace from './LiveAddressSpace.svelte';
import StackView from './StackView.svelte';
import HeapTab from './HeapTab.svelte';
import PointersView from './PointersView.svelte';
import PagesView from './PagesView.svelte';
import CountersView from './CountersView.svelte';
import ReportView from './ReportView.svelte';
import ManagedHeapView from './ManagedHeapView.svelte';
import ExamplesTab from '../tutorial/ExamplesTab.svelte';

/**
 * The live views, in tab order. A new view (the managed heap of JavaScript, the allocator
 * comparison) is one more entry: an id (kept in the saved layout), a title, a codicon, and a
 * component taking the ViewContext. `available` hides a view a stop has nothing for.
 */
export interface ViewEntry {
  readonly id: string;
  readonly title: string;
  readonly icon: string;
  readonly component: Component<{ cx: ViewContext }>;
  readonly available?: (cx: ViewContext) => boolean;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'address-space', title: 'Address space', icon: 'layers', component: LiveAddressSpace },
  { id: 'stack', title: 'Stack', icon: 'debug-stackframe', component: StackView },
  { id: 'heap', title: 'Heap', icon: 'database', component: HeapTab },
  { id: 'managed-heap', title: 'Managed heap', icon: 'symbol-class', component: ManagedHeapView, available: (cx) => cx.stop.managedHeap !== undefined },
  { id: 'pointers', title: 'Pointers', icon: 'references', component: PointersView },
  { id: 'pages', title: 'Pages', icon: 'symbol-array', component: PagesView },
  { id: 'counters', title: 'Counters', icon: 'graph-line', component: CountersView },
  { id: 'report', title: 'Report', icon: 'checklist', component: ReportView },
  { id: 'examples', title: 'Examples', icon: 'book', component: ExamplesTab },
];

export function viewById(id: string): ViewEntry {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[2];
}

/** The views this stop has something for (a C program has no managed heap). */
export function availableViews(cx: ViewContext): ViewEntry[] {
  return VIEWS.filter((v) => !v.available || v.available(cx));
}
