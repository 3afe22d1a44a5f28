/**
 * The client's screens, each served the built index.html (the client picks the screen by path):
 * the video wall, the analysts' and operators' desk, the leaders' tablet view.
 */
export const SCREEN_PATHS = ['/', '/wall', '/wall/{*rest}', '/desk', '/desk/{*rest}', '/lead', '/lead/{*rest}'];
