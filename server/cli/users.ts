import { CLI_ACTOR } from '../audit/audit-log';
import { createAccount, resetPassword } from '../identity/accounts';
import { DuplicateAccountError } from '../identity/identity-store';
import { newAccountInput, usernameInput } from '@protocol/auth';
import { inputProblem, parseCommandLine, refuseArguments } from './cli-args';
import { checkScope, CliError, runWithStores } from './cli-context';

/**
 * `npm run users -- create NAME --role ROLE --scope CODE` prints a generated password once;
 * `reset-password NAME` gives a new one (e.g. a lost first-admin password); `list` shows the
 * accounts. Whoever can run this holds the server's files, so no role rule applies; every
 * change is audited with actor `cli`. Exit codes: 0 done, 1 refused, 2 bad arguments.
 */
const usage = [
  'usage: npm run users -- create NAME --role admin|security|auditor|duty|leader|analyst --scope CODE',
  '       npm run users -- reset-password NAME',
  '       npm run users -- list',
].join('\n');

const parsed = parseCommandLine({ role: { type: 'string' }, scope: { type: 'string' } }, usage);

if (parsed !== undefined) {
  const { positionals, values } = parsed;
  const [command, name] = positionals;
  if (command === 'create' && name && positionals.length === 2) {
    const input = newAccountInput.safeParse({ username: name, role: values.role, scope: values.scope });
    if (!input.success) {
      refuseArguments(usage, inputProblem(input.error, 'username'));
    } else {
      process.exitCode = await runWithStores(async (ctx) => {
        checkScope(ctx, input.data.scope);
        try {
          const { account, password } = await createAccount({ identity: ctx.stores.identity, audit: ctx.audit }, CLI_ACTOR, input.data);
          console.log(`created ${account.role} account ${account.username} for scope ${account.scope}`);
          console.log(`password (shown once, hand it over now): ${password}`);
          return 0;
        } catch (err) {
          if (err instanceof DuplicateAccountError) throw new CliError(`an account named ${input.data.username} exists`);
          throw err;
        }
      });
    }
  } else if (command === 'reset-password' && name && positionals.length === 2 && usernameInput.safeParse(name).success) {
    process.exitCode = await runWithStores(async (ctx) => {
      const password = await resetPassword({ identity: ctx.stores.identity, audit: ctx.audit }, CLI_ACTOR, name);
      if (password === undefined) throw new CliError(`no account named ${name}`);
      console.log(`new password of ${name} (shown once): ${password}`);
      return 0;
    });
  } else if (command === 'list' && positionals.length === 1) {
    process.exitCode = await runWithStores(async (ctx) => {
      for (const a of await ctx.stores.identity.listAccounts()) {
        console.log([a.username, a.role, a.scope, a.createdAt, a.disabledAt ? `disabled ${a.disabledAt}` : 'active'].join('\t'));
      }
      return 0;
    });
  } else {
    refuseArguments(usage);
  }
}
