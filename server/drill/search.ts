import { pinyin } from 'pinyin-pro';
import type { SearchResult } from '@protocol/drill';
import type { Scope } from '@geo/territory';
import { scopeUpper } from '../projections/place';
import type { ReadDb } from '../projections/read-db';
import type { TerritoryStore } from '../territory/territory-store';
import type { BuildingDirectory } from './building-directory';

/** How well a hit matches: exact code, id or name first, then a prefix, then a substring. */
const Match = { Exact: 0, Prefix: 1, Substring: 2 } as const;
type Match = (typeof Match)[keyof typeof Match];

/** Ties in the same match rank: scopes (the usual aim of a search) before orders, incidents, buildings. */
const KIND_ORDER: Record<SearchResult['kind'], number> = { scope: 0, workorder: 1, incident: 2, building: 3 };

interface Ranked {
  match: Match;
  result: SearchResult;
}

/**
 * The one search box: scopes by code, name or the pinyin initials of the name (长江街道 ← "cjjd",
 * "cjj"), buildings by address, work orders and incidents by id. Scope names and their initials
 * are computed once, when the territory is loaded; the rest is read from indexes per request.
 * Every source is asked only inside `within` (the caller's scope), so nothing outside it shows,
 * not even in how many results there are.
 */
export class DrillSearch {
  private readonly scopes: { scope: Scope; name: string; initials: string; detail: string }[];

  constructor(private readonly deps: { db: ReadDb; territoryStore: TerritoryStore; buildings: BuildingDirectory; byCode: ReadonlyMap<string, Scope> }) {
    this.scopes = [...deps.byCode.values()].map((scope) => ({
      scope,
      name: scope.name.toLowerCase(),
      // Polyphones are read in context by pinyin-pro (长江 → chang jiang); digits and Latin letters stay as they are.
      initials: pinyin(scope.name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase(),
      detail: namesDown(deps.byCode, scope, false),
    }));
  }

  /** Results for `q` inside `within`, best first, at most `limit`. */
  search(q: string, within: string, limit: number): SearchResult[] {
    const text = q.trim();
    const ranked = [...this.matchScopes(text, within, limit), ...this.matchOrders(text, within, limit), ...this.matchIncidents(text, within, limit), ...this.matchBuildings(text, within, limit)];
    ranked.sort(
      (a, b) =>
        a.match - b.match ||
        KIND_ORDER[a.result.kind] - KIND_ORDER[b.result.kind] ||
        (a.result.level ?? 0) - (b.result.level ?? 0) ||
        a.result.label.length - b.result.label.length ||
        (a.result.id < b.result.id ? -1 : a.result.id > b.result.id ? 1 : 0),
    );
    return ranked.slice(0, limit).map((r) => r.result);
  }

  private matchScopes(text: string, within: string, limit: number): Ranked[] {
    const lower = text.toLowerCase();
    const latin = /^[a-z]+$/.test(lower);
    const out: Ranked[] = [];
    for (const s of this.scopes) {
      if (!s.scope.code.startsWith(within)) continue;
      const match = best(
        s.scope.code === text ? Match.Exact : s.scope.code.startsWith(text) ? Match.Prefix : undefined,
        textMatch(s.name, lower),
        latin ? textMatch(s.initials, lower) : undefined,
      );
      if (match === undefined) continue;
      out.push({ match, result: { kind: 'scope', id: s.scope.code, label: s.scope.name, detail: s.detail, scope: s.scope.code, level: s.scope.level } });
    }
    // Only the best `limit` can be shown; keep the cost of the merge small on a city's 13,000 scopes.
    return out.sort((a, b) => a.match - b.match || (a.result.level ?? 0) - (b.result.level ?? 0)).slice(0, limit);
  }

  private matchOrders(text: string, within: string, limit: number): Ranked[] {
    const rows = this.byIdPrefix<{ id: string; scope: string | null; incident_id: string; lng: number | null; lat: number | null }>(
      `SELECT w.work_order_id AS id, w.scope, w.incident_id, i.lng, i.lat FROM p_workorders w LEFT JOIN p_incidents i ON i.incident_id = w.incident_id
       WHERE w.work_order_id >= ? AND w.work_order_id < ? AND w.scope >= ? AND w.scope < ? ORDER BY w.work_order_id LIMIT ?`,
      text,
      within,
      limit,
    );
    return rows.map((r) => ({
      match: r.id.toLowerCase() === text.toLowerCase() ? Match.Exact : Match.Prefix,
      result: {
        kind: 'workorder',
        id: r.id,
        label: r.id,
        detail: `${this.scopeName(r.scope!)} · ${r.incident_id}`,
        scope: r.scope!,
        incidentId: r.incident_id,
        ...(r.lng !== null && r.lat !== null ? { location: [r.lng, r.lat] as [number, number] } : {}),
      },
    }));
  }

  private matchIncidents(text: string, within: string, limit: number): Ranked[] {
    const rows = this.byIdPrefix<{ id: string; scope: string; lng: number; lat: number; description: string }>(
      `SELECT incident_id AS id, scope, lng, lat, description FROM p_incidents
       WHERE incident_id >= ? AND incident_id < ? AND scope >= ? AND scope < ? ORDER BY incident_id LIMIT ?`,
      text,
      within,
      limit,
    );
    return rows.map((r) => ({
      match: r.id.toLowerCase() === text.toLowerCase() ? Match.Exact : Match.Prefix,
      result: { kind: 'incident', id: r.id, label: r.id, detail: `${this.scopeName(r.scope)} · ${r.description.slice(0, 40)}`, scope: r.scope, location: [r.lng, r.lat] },
    }));
  }

  private matchBuildings(text: string, within: string, limit: number): Ranked[] {
    // Registers first (they may name buildings the territory lacks), then the territory's addresses.
    const registered = this.deps.db.all<{ building_id: string; address: string }>(
      `SELECT building_id, address FROM p_buildings WHERE address >= ? AND address < ? AND scope >= ? AND scope < ? ORDER BY address LIMIT ?`,
      [text, `${text}\u{10FFFF}`, within, scopeUpper(within), limit],
    );
    const more = registered.length < limit ? this.deps.db.all<{ building_id: string; address: string }>(
      'SELECT building_id, address FROM p_buildings WHERE instr(address, ?) > 1 AND scope >= ? AND scope < ? LIMIT ?',
      [text, within, scopeUpper(within), limit - registered.length],
    ) : [];
    const ids = new Set<string>();
    const out: Ranked[] = [];
    const add = (id: string) => {
      if (ids.has(id)) return;
      ids.add(id);
      const b = this.deps.buildings.byId(id);
      // The register may have moved it, or changed its address: what counts is where it is now.
      if (!b || !b.scope.startsWith(within) || !b.address.includes(text)) return;
      const match = b.address === text ? Match.Exact : b.address.startsWith(text) ? Match.Prefix : Match.Substring;
      out.push({ match, result: { kind: 'building', id: b.id, label: b.address, detail: namesDown(this.deps.byCode, this.deps.byCode.get(b.scope), true) || b.scope, scope: b.scope, location: b.location } });
    };
    for (const r of [...registered, ...more]) add(r.building_id);
    // Territory grids have 15-digit codes: a caller scoped to a micro-grid searches its grid, the scope check above keeps it inside.
    // Addresses are Chinese: a query without a Chinese character (pinyin initials, an id) is not
    // looked for inside them, which spares a scan of every address (≈ 0.4 s for a city).
    const substrings = /\p{Script=Han}/u.test(text);
    for (const r of this.deps.territoryStore.searchAddresses(text, within.slice(0, 15), limit, substrings)) add(r.id);
    return out;
  }

  /** Rows whose id starts with `text` as typed or in capitals (ids are usually upper-case: WO-…). */
  private byIdPrefix<T extends { id: string }>(sql: string, text: string, within: string, limit: number): T[] {
    const seen = new Map<string, T>();
    for (const variant of new Set([text, text.toUpperCase()])) {
      for (const r of this.deps.db.all<T>(sql, [variant, `${variant}\u{10FFFF}`, within, scopeUpper(within), limit])) seen.set(r.id, r);
    }
    return [...seen.values()];
  }

  private scopeName(code: string): string {
    return this.deps.byCode.get(code)?.name ?? code;
  }
}

/** "通州区 › 长江街道 › …": the names from the district down to a scope (with or without its own). */
function namesDown(byCode: ReadonlyMap<string, Scope>, scope: Scope | undefined, withSelf: boolean): string {
  const names: string[] = [];
  for (let s = withSelf ? scope : scope?.parent === undefined ? undefined : byCode.get(scope.parent); s; s = s.parent === undefined ? undefined : byCode.get(s.parent)) names.unshift(s.name);
  return names.join(' › ');
}

function textMatch(haystack: string, needle: string): Match | undefined {
  if (haystack === needle) return Match.Exact;
  if (haystack.startsWith(needle)) return Match.Prefix;
  if (haystack.includes(needle)) return Match.Substring;
  return undefined;
}

function best(...matches: (Match | undefined)[]): Match | undefined {
  const found = matches.filter((m): m is Match => m !== undefined);
  return found.length === 0 ? undefined : (Math.min(...found) as Match);
}
