/**
 * Version of every contract in this folder (snapshots, webview messages, CLI JSON). Bump it when a
 * field changes meaning or disappears; receivers reject documents of another version.
 */
export const CONTRACT_VERSION = 1;
