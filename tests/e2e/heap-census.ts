import type { CDPSession } from 'playwright-core';

/**
 * What a page's heap is made of, from a V8 heap snapshot (taken after a full GC). Sizes are V8's
 * shallow ("self") sizes, summed; in a snapshot every byte belongs to exactly one node.
 *
 * - `codeBytes`: compiled code and its metadata (node type `code`: baseline and optimized code,
 *   bytecode, deoptimization data, source position tables, script line ends). It grows while
 *   V8 tiers up the functions a running wall keeps calling; it is the engine's, not the app's.
 * - `jsBytes`: the app's own objects: JS objects, arrays, closures and their contexts, strings,
 *   numbers, object shapes (every type except `code`, `native` and `synthetic`). A leak of JS
 *   data (a listener's closure, a list never pruned, a cache never trimmed) lands here.
 * - `incidentBytes`: the part of `jsBytes` that is today's incident list, data the wall is meant
 *   to hold: each incident point (an object with `incidentId`, `location` and `scope`, with the
 *   location array and the strings only it references) plus the containers that hold the list
 *   (nodes with many references to incident points or their ids: the list's array, the
 *   arrival-time Map's table).
 */
export interface HeapCensus {
  totalBytes: number;
  codeBytes: number;
  jsBytes: number;
  incidentBytes: number;
  /** Incident point objects in the heap (the live list, plus copies: alarms, rows of the latest list). */
  incidentObjects: number;
  /** Distinct incident ids among them. */
  distinctIncidents: number;
}

/** A node with at least this many references to incident points or their ids holds the list. */
const CONTAINER_MIN_REFS = 50;

/** Takes a heap snapshot of the page behind `cdp` and counts it (a few seconds for a 40 MB heap). */
export async function heapCensus(cdp: CDPSession): Promise<HeapCensus> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }): void => {
    chunks.push(e.chunk);
  };
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return censusOf(JSON.parse(chunks.join('')) as HeapSnapshot);
}

/** The parts of V8's `.heapsnapshot` format read here (flat arrays described by `meta`). */
interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Counts a parsed snapshot (see `HeapCensus`). */
export function censusOf(s: HeapSnapshot): HeapCensus {
  const { meta } = s.snapshot;
  const N = meta.node_fields.length;
  const E = meta.edge_fields.length;
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nSize = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const { nodes, edges, strings } = s;
  const count = nodes.length / N;
  const typeOf = (n: number): string => nodeTypes[nodes[n * N + nType]!]!;
  const sizeOf = (n: number): number => nodes[n * N + nSize]!;

  // Where each node's edges start, and how many strong references each node has.
  const firstEdge = new Uint32Array(count + 1);
  const strongRefs = new Uint32Array(count);
  for (let n = 0, e = 0; n < count; n++) {
    firstEdge[n] = e;
    const end = e + nodes[n * N + nEdges]! * E;
    for (; e < end; e += E) if (edgeTypes[edges[e + eType]!] !== 'weak') strongRefs[edges[e + eTo]! / N]!++;
  }
  firstEdge[count] = edges.length;
  const named = (n: number, wanted: string): number | undefined => {
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += E) {
      const t = edgeTypes[edges[e + eType]!];
      if ((t === 'property' || t === 'internal') && strings[edges[e + eName]!] === wanted) return edges[e + eTo]! / N;
    }
    return undefined;
  };
  /** A node's size plus that of the children only it references (one level of `location`'s elements). */
  const ownSize = (n: number, depth: number): number => {
    let size = sizeOf(n);
    if (depth === 0) return size;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += E) {
      const t = edgeTypes[edges[e + eType]!];
      const to = edges[e + eTo]! / N;
      if (t !== 'weak' && t !== 'shortcut' && strongRefs[to] === 1 && typeOf(to) !== 'synthetic') size += ownSize(to, depth - 1);
    }
    return size;
  };

  let totalBytes = 0;
  let codeBytes = 0;
  let jsBytes = 0;
  const points = new Set<number>();
  const idStrings = new Set<number>();
  const ids = new Set<string>();
  let incidentBytes = 0;
  for (let n = 0; n < count; n++) {
    const type = typeOf(n);
    const size = sizeOf(n);
    totalBytes += size;
    if (type === 'code') codeBytes += size;
    else if (type !== 'native' && type !== 'synthetic') jsBytes += size;
    if (type !== 'object') continue;
    const id = named(n, 'incidentId');
    if (id === undefined || named(n, 'location') === undefined || named(n, 'scope') === undefined) continue;
    points.add(n);
    idStrings.add(id);
    ids.add(strings[nodes[id * N + nName]!]!);
    incidentBytes += ownSize(n, 3);
  }
  for (let n = 0; n < count; n++) {
    if (typeOf(n) === 'synthetic') continue;
    let refs = 0;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += E) {
      const to = edges[e + eTo]! / N;
      if (edgeTypes[edges[e + eType]!] !== 'weak' && (points.has(to) || idStrings.has(to))) refs++;
    }
    if (refs >= CONTAINER_MIN_REFS) incidentBytes += sizeOf(n);
  }
  return { totalBytes, codeBytes, jsBytes, incidentBytes, incidentObjects: points.size, distinctIncidents: ids.size };
}
