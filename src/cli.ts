import { parse, type Command } from './cli/command';
import { serveCommand } from './cli/serve';
import { demoCommand } from './cli/demo';
import { syncCommand } from './cli/sync';
import { auditVerifyCommand } from './cli/audit';
import { importCommand } from './cli/import';
import { exportCommand } from './cli/export';
import { backupCommand, restoreCommand } from './cli/backup';

/** `vaxdesk <command>`: one tool for the center's IT person. Areas add their commands here. */
const COMMANDS: Command[] = [serveCommand, demoCommand, syncCommand, auditVerifyCommand, importCommand, exportCommand, backupCommand, restoreCommand];

function help(): string {
  const lines = ['VaxDesk — offline-first vaccination center desk', '', 'Usage: vaxdesk <command> [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(13)} ${c.summary}`);
  lines.push('', 'Run `vaxdesk <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  // Commands can have a sub-word (`audit verify`): match the longest name first.
  const cmd = COMMANDS.find((c) => c.name === name) ?? COMMANDS.find((c) => c.name === `${name} ${rest[0] ?? ''}`);
  if (!cmd) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  const args = cmd.name.includes(' ') ? rest.slice(1) : rest;
  let parsed;
  try {
    parsed = parse(cmd, args);
  } catch (e) {
    console.error(`${(e as Error).message}\nUsage: ${cmd.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(`${cmd.summary}\n\nUsage: ${cmd.usage}`);
    return 0;
  }
  return cmd.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
