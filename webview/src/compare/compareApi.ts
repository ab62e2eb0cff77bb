import type { FromCompareViewMessage } from '../../../src/shared/compareMessages';
import { sender } from '../webviewChannel';

export const post = sender<FromCompareViewMessage>();
