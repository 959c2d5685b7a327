import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

/**
 * The account and display-token commands' command line: options parsed the same way, and bad
 * arguments answered the same way (the problem, then the usage; exit code 2).
 */

/** The command line parsed with `options` and positionals; `undefined` once a bad option has been refused. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(options: O, usage: string) {
  try {
    return parseArgs({ allowPositionals: true, options });
  } catch (err) {
    refuseArguments(usage, err instanceof Error ? err.message : String(err));
    return undefined;
  }
}

/** Prints the usage, after the problem when there is one, and sets exit code 2 (bad arguments). */
export function refuseArguments(usage: string, problem?: string): void {
  console.error(problem === undefined ? usage : `${problem}\n${usage}`);
  process.exitCode = 2;
}

/**
 * The first problem of an input that failed validation, named as the command line names it:
 * `NAME` for the field given as the positional argument, `--field` for an option.
 */
export function inputProblem(error: z.ZodError, positionalField: string): string {
  const issue = error.issues[0]!;
  return `${issue.path[0] === positionalField ? 'NAME' : `--${String(issue.path[0])}`}: expected ${issue.message}`;
}
