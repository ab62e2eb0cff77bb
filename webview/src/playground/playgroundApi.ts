import type { FromPlaygroundMessage } from '../../../src/shared/slotPlayground';
import { sender } from '../webviewChannel';

export const post = sender<FromPlaygroundMessage>();
