/** The two IPC channels between the preload and the main process; nothing else is listened to. */
export const API_CHANNEL = 'vaxdesk:api';
export const CHANGE_CHANNEL = 'vaxdesk:change';
