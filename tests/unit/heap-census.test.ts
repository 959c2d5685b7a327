import { describe, expect, it } from 'vitest';
import { censusOf } from '../e2e/heap-census';

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

/** A V8 heap snapshot built by hand: nodes in order, each with its edges `[type, name, to]`. */
function snapshotOf(nodes: { type: string; name: string; size: number; edges?: [string, string | number, number][] }[]) {
  const strings: string[] = [];
  const str = (s: string): number => {
    const i = strings.indexOf(s);
    return i >= 0 ? i : strings.push(s) - 1;
  };
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  nodes.forEach((n, id) => {
    flatNodes.push(NODE_TYPES.indexOf(n.type), str(n.name), id * 2 + 1, n.size, n.edges?.length ?? 0);
    for (const [type, name, to] of n.edges ?? []) flatEdges.push(EDGE_TYPES.indexOf(type), typeof name === 'number' ? name : str(name), to * 5);
  });
  return {
    snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [NODE_TYPES] as [string[]], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [EDGE_TYPES] as [string[]] } },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  };
}

describe('heap census', () => {
  it('separates compiled code from JS data and counts the incident list with its containers', () => {
    const POINTS = 60;
    // 0 root, 1 code, 2 native, 3 the list's backing store, 4 a scope string all points share,
    // 5 an object that only looks a bit like a point, then per point: object, id, location, its elements.
    const first = 6;
    const point = (i: number): number => first + i * 4;
    const nodes: Parameters<typeof snapshotOf>[0] = [
      { type: 'synthetic', name: '(GC roots)', size: 0, edges: [['element', 0, 3]] },
      { type: 'code', name: 'system / InstructionStream', size: 1000 },
      { type: 'native', name: 'system / JSArrayBufferData', size: 500 },
      { type: 'array', name: '(object elements)', size: 400, edges: Array.from({ length: POINTS }, (_, i) => ['internal', i, point(i)] as [string, number, number]) },
      { type: 'string', name: '320581001001001', size: 30 },
      { type: 'object', name: 'Object', size: 40, edges: [['property', 'incidentId', 4]] },
    ];
    for (let i = 0; i < POINTS; i++) {
      const p = point(i);
      nodes.push(
        { type: 'object', name: 'Object', size: 40, edges: [['property', 'incidentId', p + 1], ['property', 'location', p + 2], ['property', 'scope', 4]] },
        { type: 'string', name: `INC-${i}`, size: 20 },
        { type: 'object', name: 'Array', size: 16, edges: [['internal', 'elements', p + 3]] },
        { type: 'array', name: '(object elements)', size: 24 },
      );
    }
    const c = censusOf(snapshotOf(nodes));
    expect(c.codeBytes).toBe(1000);
    expect(c.totalBytes).toBe(1000 + 500 + 400 + 30 + 40 + POINTS * 100);
    expect(c.jsBytes).toBe(c.totalBytes - 1000 - 500);
    expect(c.incidentObjects).toBe(POINTS);
    expect(c.distinctIncidents).toBe(POINTS);
    // Each point with its own id and location, plus the list's backing store; not the shared scope.
    expect(c.incidentBytes).toBe(POINTS * 100 + 400);
  });
});
