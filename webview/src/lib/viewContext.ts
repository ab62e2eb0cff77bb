import type { Snapshot } from '../../../src/shared/snapshot';
import type { ViewRequest, ViewResponse } from '../../../src/shared/viewRequests';
import type { Changes } from './changes';
import type { TourState } from '../../../src/shared/tour';
import type { ExampleTopic } from '../../../src/shared/tutorials';
import type { TourLogEntry } from '../tutorial/tourLog';

/** What every live view gets: the stop, what changed since the previous one, and the host. */
export interface ViewContext {
  readonly stop: Snapshot;
  readonly changes: Changes;
  /** The debug session has ended: the stop is its last. */
  readonly ended: boolean;
  readonly ask: (request: ViewRequest) => Promise<ViewResponse>;
  readonly reveal: (line: number) => void;
  /** The frame selected in the editor's Call Stack view (0 = innermost). */
  readonly selectedFrame: number;
  readonly arrows: boolean;
  readonly setArrows: (on: boolean) => void;
  /** An annotated program's words at this stop (narration, a question, reveals), and all it said so far. */
  readonly tour?: TourState;
  readonly tourLog: readonly TourLogEntry[];
  readonly answer: (question: number, answer: number | string) => void;
  /** The bundled examples, and opening one (read-only; `step` starts stepping through it). */
  readonly examples: readonly ExampleTopic[];
  readonly openExample: (path: string, step: boolean) => void;
}
