import { CLI_ACTOR } from '../audit/audit-log';
import { createDisplayToken, revokeDisplayToken } from '../identity/display-tokens';
import { newDisplayTokenInput } from '@protocol/auth';
import { inputProblem, parseCommandLine, refuseArguments } from './cli-args';
import { checkScope, CliError, runWithStores } from './cli-context';

/**
 * `npm run display-tokens -- create NAME --scope CODE` prints a wall display's token once (open
 * the wall at `/?display=TOKEN`); `revoke ID` withdraws it (its screens are refused from then on).
 * Audited with actor `cli`. Exit codes: 0 done, 1 refused, 2 bad arguments.
 */
const usage = ['usage: npm run display-tokens -- create NAME --scope CODE', '       npm run display-tokens -- revoke ID'].join('\n');

const parsed = parseCommandLine({ scope: { type: 'string' } }, usage);

if (parsed !== undefined) {
  const { positionals, values } = parsed;
  const [command, arg] = positionals;
  if (command === 'create' && arg && positionals.length === 2) {
    const input = newDisplayTokenInput.safeParse({ name: arg, scope: values.scope });
    if (!input.success) {
      refuseArguments(usage, inputProblem(input.error, 'name'));
    } else {
      process.exitCode = await runWithStores(async (ctx) => {
        checkScope(ctx, input.data.scope);
        const t = await createDisplayToken({ identity: ctx.stores.identity, audit: ctx.audit }, CLI_ACTOR, input.data);
        console.log(`display token ${t.id} "${t.name}" for scope ${t.scope} (shown once; open the wall at /?display=TOKEN):`);
        console.log(t.token);
        return 0;
      });
    }
  } else if (command === 'revoke' && arg && /^\d+$/.test(arg) && positionals.length === 2) {
    process.exitCode = await runWithStores(async (ctx) => {
      if (!(await revokeDisplayToken({ identity: ctx.stores.identity, audit: ctx.audit }, CLI_ACTOR, Number(arg)))) {
        throw new CliError(`no active display token ${arg}`);
      }
      console.log(`revoked display token ${arg}; its screens are refused within 5 s`);
      return 0;
    });
  } else {
    refuseArguments(usage);
  }
}
