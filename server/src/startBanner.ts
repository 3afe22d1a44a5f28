/**
 * What `npm start` prints for a person, apart from the JSON log lines: the links to open, one per
 * line, so they can be copied or clicked in a terminal.
 */
export function startBanner(options: { port: number; demoWall: string | null; demoAccountsFile: string | null }): string {
  const base = `http://localhost:${options.port}`;
  const lines = ['', '  郑州市城市运行一屏观全域 — the city operations wall is running', ''];
  if (options.demoWall) lines.push(`  大屏 wall (opens without a password):  ${base}${options.demoWall}`);
  lines.push(`  登录 sign in (tablets, desks):         ${base}/login`);
  if (options.demoAccountsFile) lines.push(`  demo accounts and passwords:          ${options.demoAccountsFile}`);
  if (!options.demoWall) lines.push('  walls open their own device link (POST /api/devices)');
  lines.push('');
  return `${lines.join('\n')}\n`;
}
