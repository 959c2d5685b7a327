import { poisson, weightedPick, type Random } from '@geo/random';
import type { KeyPopulationCategory } from '@geo/registers';
import { birthDate, mobilePhone, personName, residentId } from '@geo/scenarios/people';
import type { IngestEvent } from '@protocol/index';
import { hashString, keyedRandom, pickOne } from './keyed-random';
import { activity, HOUR, isoAt, secondIn } from './local-time';
import { STREAM, type EventStream, type SimContext } from './sim-context';
import type { SimPerson } from './sim-world';

/** Register changes per incident: community staff update key-population records a few dozen times a day. */
const CHANGES_PER_INCIDENT = 0.02;
const KINDS = { update: 50, move: 15, add: 20, remove: 15 } as const;

/** Who is newly registered: expectant mothers, children left behind, elderly newly alone … and their ages. */
const NEW_CATEGORIES: Partial<Record<KeyPopulationCategory, number>> = {
  'pregnant': 25, 'left-behind-child': 15, 'elderly-alone': 15, 'chronic': 15, 'hardship': 10, 'disabled': 8, 'home-treatment': 7, 'idle-youth': 5,
};
const AGES: Partial<Record<KeyPopulationCategory, [number, number]>> = {
  'pregnant': [22, 40], 'left-behind-child': [3, 15], 'elderly-alone': [65, 92], 'chronic': [45, 88], 'hardship': [28, 75], 'disabled': [10, 80], 'home-treatment': [35, 88], 'idle-youth': [16, 24],
};
const NOTES = ['网格员走访，情况稳定', '已落实结对帮扶', '已纳入低保', '已更新联系方式', '家属已联系，定期探访'];

/**
 * Occasional changes to the key-population register (`population.upserted`, `population.removed`).
 * One person in ten is someone who will leave the register (moved away, a child grown up, a
 * pregnancy ended): removals draw only from them and updates never do, so a removed record is not
 * updated afterwards.
 */
export function populationStream(ctx: SimContext): EventStream {
  const persons = ctx.world.keyPersons;
  const stay: number[] = [];
  const leave: number[] = [];
  persons.forEach((p, i) => (hashString(`${ctx.seed}:${p.personId}`) % 10 === 0 ? leave : stay).push(i));
  return {
    bornIn(hourStart, out) {
      if (hourStart + HOUR <= ctx.origin) return;
      const hour = hourStart / HOUR;
      const count = poisson(ctx.rate * CHANGES_PER_INCIDENT * activity(hourStart), keyedRandom(ctx.seed, STREAM.population, hour));
      for (let i = 0; i < count; i++) {
        const r = keyedRandom(ctx.seed, STREAM.population, hour, i);
        const at = secondIn(hourStart, r);
        if (at < ctx.origin) continue;
        let kind = weightedPick(KINDS, r);
        if ((kind === 'remove' && leave.length === 0) || (kind !== 'add' && stay.length === 0)) kind = 'add';
        if (kind === 'add' && persons.length === 0) continue; // nowhere known to register anyone
        const id = `sim-${ctx.run}-pop-${hour}-${i}`;
        let event: IngestEvent;
        if (kind === 'remove') {
          event = { id, type: 'population.removed', occurredAt: isoAt(at), data: { personId: persons[pickOne(leave, r)]!.personId } };
        } else if (kind === 'add') {
          event = upsert(id, at, newPerson(ctx, `${hour}-${i}`, at, r), pickOne(NOTES, r));
        } else {
          const p = persons[pickOne(stay, r)]!;
          const changed: SimPerson = kind === 'move' ? { ...p, buildingId: persons[pickOne(stay, r)]!.buildingId } : { ...p, categories: changedCategories(p.categories) };
          event = upsert(id, at, changed, kind === 'move' ? '已迁入新址' : pickOne(NOTES, r));
        }
        out.push({ at, event });
      }
    },
  };
}

function upsert(id: string, at: number, p: SimPerson, note: string): IngestEvent {
  return { id, type: 'population.upserted', occurredAt: isoAt(at), data: { personId: p.personId, categories: [...p.categories], buildingId: p.buildingId, name: p.name, idNumber: p.idNumber, phone: p.phone, note } };
}

/** A second category dropped, or a plausible one added (the elderly and disabled fall ill). */
function changedCategories(categories: readonly KeyPopulationCategory[]): KeyPopulationCategory[] {
  if (categories.length > 1) return categories.slice(0, 1);
  const first = categories[0];
  if (first === 'elderly-alone' || first === 'empty-nest' || first === 'disabled') return [first, 'chronic'];
  return [...categories];
}

/** A newly registered person with a valid ID number for the district, living where another key person lives. */
function newPerson(ctx: SimContext, key: string, at: number, r: Random): SimPerson {
  const category = weightedPick(NEW_CATEGORIES as Record<KeyPopulationCategory, number>, r);
  const [minAge, maxAge] = AGES[category] ?? [20, 80];
  const male = category === 'pregnant' ? false : r() < 0.5;
  return {
    personId: `P${ctx.world.districtCode}-${ctx.run}-${key}`,
    categories: [category],
    buildingId: pickOne(ctx.world.keyPersons, r).buildingId,
    name: personName(r),
    idNumber: residentId(ctx.world.districtCode, birthDate(new Date(at), minAge, maxAge, r), r, male),
    phone: mobilePhone(r),
  };
}
