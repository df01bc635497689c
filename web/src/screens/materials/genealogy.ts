// The genealogy graph's pure parts: merging the server's edges (one per weighing) into one edge
// per pair, a layered left-to-right layout, and the nodes and edges on the way from the trace's
// start to a chosen node. Tested with tables in genealogy.test.ts (diamonds, several paths,
// cycles, a single node).
import type { Direction, GenealogyEdge, GenealogyNode } from './types';

// One edge per (parent, child, unit): the quantities of several portions summed.
export interface Link {
  key: string; // "parent>child|unit"
  parent: number; // material flows from parent…
  child: number; // …into child
  quantity: number;
  unit: string;
  count: number; // how many server edges it stands for
}

export function mergeEdges(edges: GenealogyEdge[]): Link[] {
  const byKey = new Map<string, Link>();
  for (const e of edges) {
    const key = `${e.parent}>${e.child}|${e.unit}`;
    const l = byKey.get(key);
    if (l) {
      l.quantity = round(l.quantity + e.quantity);
      l.count += 1;
    } else {
      byKey.set(key, { key, parent: e.parent, child: e.child, quantity: e.quantity, unit: e.unit, count: 1 });
    }
  }
  return [...byKey.values()];
}

function round(q: number): number {
  return Math.round(q * 1e6) / 1e6;
}

// Away from the start: forward follows the material (parent → child), backward goes against it.
function away(l: Link, direction: Direction): [number, number] {
  return direction === 'forward' ? [l.parent, l.child] : [l.child, l.parent];
}

function adjacency(n: number, links: Link[], direction: Direction, reverse = false): number[][] {
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const l of links) {
    const [a, b] = away(l, direction);
    if (a < 0 || b < 0 || a >= n || b >= n) continue;
    if (reverse) out[b].push(a);
    else out[a].push(b);
  }
  return out;
}

// Breadth-first distances from `from` (-1 where it does not reach). Each node is visited once, so
// a cycle ends the walk instead of hanging it.
export function distances(n: number, adj: number[][], from: number): number[] {
  const dist = new Array<number>(n).fill(-1);
  if (from < 0 || from >= n) return dist;
  dist[from] = 0;
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i];
    for (const v of adj[u]) {
      if (dist[v] < 0) {
        dist[v] = dist[u] + 1;
        queue.push(v);
      }
    }
  }
  return dist;
}

export interface PlacedNode {
  index: number;
  layer: number; // distance from the start
  column: number; // left to right in the direction the material flows
  row: number;
  x: number;
  y: number;
}

export interface PlacedLink extends Link {
  path: string; // SVG path "M … C …"
  labelX: number;
  labelY: number;
  labelAnchor: 'start' | 'end';
}

export interface Layout {
  nodes: PlacedNode[];
  links: PlacedLink[];
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
}

export interface LayoutOptions {
  nodeWidth?: number;
  nodeHeight?: number;
  columnGap?: number;
  rowGap?: number;
  margin?: number;
}

// Layers by distance from the start (node 0); the material flows left to right, so a backward
// trace puts its start on the right. Within a layer, nodes are ordered by the mean row of their
// neighbours in the layer before (two sweeps), which keeps most edges from crossing.
export function layoutGenealogy(
  nodes: Pick<GenealogyNode, 'depth'>[],
  links: Link[],
  direction: Direction,
  options: LayoutOptions = {},
): Layout {
  const { nodeWidth = 172, nodeHeight = 72, columnGap = 84, rowGap = 20, margin = 12 } = options;
  const n = nodes.length;
  if (n === 0) return { nodes: [], links: [], width: 0, height: 0, nodeWidth, nodeHeight };
  const adj = adjacency(n, links, direction);
  const back = adjacency(n, links, direction, true);
  const dist = distances(n, adj, 0);
  let maxLayer = Math.max(0, ...dist);
  // A node the walk did not reach (the server never sends one, but a depth limit could): after
  // its server depth, or in a last layer of its own.
  const layer = dist.map((d, i) => (d >= 0 ? d : Math.max(1, Math.min(nodes[i].depth ?? maxLayer + 1, maxLayer + 1))));
  maxLayer = Math.max(...layer);

  const layers: number[][] = Array.from({ length: maxLayer + 1 }, () => []);
  layer.forEach((l, i) => layers[l].push(i));
  const row = new Array<number>(n).fill(0);
  layers.forEach((ids) => ids.forEach((id, r) => (row[id] = r)));
  for (let sweep = 0; sweep < 2; sweep++) {
    for (let l = 1; l <= maxLayer; l++) {
      const score = new Map<number, number>();
      for (const id of layers[l]) {
        const prev = back[id].filter((p) => layer[p] === l - 1);
        score.set(id, prev.length ? prev.reduce((s, p) => s + row[p], 0) / prev.length : row[id]);
      }
      layers[l].sort((a, b) => score.get(a)! - score.get(b)! || a - b);
      layers[l].forEach((id, r) => (row[id] = r));
    }
  }

  const tallest = Math.max(...layers.map((ids) => ids.length));
  const height = margin * 2 + tallest * nodeHeight + (tallest - 1) * rowGap;
  const width = margin * 2 + (maxLayer + 1) * nodeWidth + maxLayer * columnGap;
  const placed: PlacedNode[] = [];
  for (let i = 0; i < n; i++) {
    const column = direction === 'forward' ? layer[i] : maxLayer - layer[i];
    const count = layers[layer[i]].length;
    // Each column centred vertically.
    const top = margin + ((tallest - count) * (nodeHeight + rowGap)) / 2;
    placed.push({
      index: i,
      layer: layer[i],
      column,
      row: row[i],
      x: margin + column * (nodeWidth + columnGap),
      y: top + row[i] * (nodeHeight + rowGap),
    });
  }

  // An edge's quantity is written at its end where edges do not fan: beside the source when many
  // edges meet at the target (a batch made from many lots), else beside the target.
  const outDegree = new Array<number>(n).fill(0);
  const inDegree = new Array<number>(n).fill(0);
  for (const l of links) {
    if (l.parent < n && l.child < n && l.parent >= 0 && l.child >= 0) {
      outDegree[l.parent] += 1;
      inDegree[l.child] += 1;
    }
  }
  const placedLinks: PlacedLink[] = links
    .filter((l) => l.parent >= 0 && l.child >= 0 && l.parent < n && l.child < n)
    .map((l) => {
      const a = placed[l.parent];
      const b = placed[l.child];
      // From the right side of where the material came from to the left side of where it went.
      const x1 = a.x + nodeWidth;
      const y1 = a.y + nodeHeight / 2;
      const x2 = b.x;
      const y2 = b.y + nodeHeight / 2;
      const bend = Math.max(40, Math.abs(x2 - x1) / 2);
      const path =
        l.parent === l.child
          ? `M ${x1} ${y1} C ${x1 + 60} ${y1 - 60}, ${x2 - 60} ${y2 - 60}, ${x2} ${y2}`
          : `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
      const nearSource = inDegree[l.child] > outDegree[l.parent];
      return nearSource
        ? { ...l, path, labelX: x1 + 6, labelY: y1 - 6, labelAnchor: 'start' as const }
        : { ...l, path, labelX: x2 - 12, labelY: y2 - 8, labelAnchor: 'end' as const };
    });
  return { nodes: placed, links: placedLinks, width, height, nodeWidth, nodeHeight };
}

export interface Highlight {
  nodes: Set<number>;
  links: Set<string>;
}

// Every node and edge on a way from the start (node 0) to `target`, away from the start: with a
// diamond, both sides; with a cycle, the walk still ends. An edge u→v lies on such a way when the
// start reaches u and v reaches the target.
export function pathTo(n: number, links: Link[], direction: Direction, target: number): Highlight {
  const empty = { nodes: new Set<number>(), links: new Set<string>() };
  if (target < 0 || target >= n) return empty;
  const fromStart = distances(n, adjacency(n, links, direction), 0);
  const toTarget = distances(n, adjacency(n, links, direction, true), target);
  if (fromStart[target] < 0) return empty;
  const nodes = new Set<number>();
  for (let i = 0; i < n; i++) if (fromStart[i] >= 0 && toTarget[i] >= 0) nodes.add(i);
  const on = new Set<string>();
  for (const l of links) {
    const [a, b] = away(l, direction);
    if (a >= n || b >= n) continue;
    if (fromStart[a] >= 0 && toTarget[b] >= 0 && a !== b) on.add(l.key);
  }
  return { nodes, links: on };
}

// One shortest way from the start to `target` as node indexes (for the panel's "start → … → node").
export function shortestPath(n: number, links: Link[], direction: Direction, target: number): number[] {
  if (target < 0 || target >= n) return [];
  const adj = adjacency(n, links, direction);
  const prev = new Array<number>(n).fill(-1);
  const seen = new Array<boolean>(n).fill(false);
  seen[0] = true;
  const queue = [0];
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i];
    if (u === target) break;
    for (const v of adj[u]) {
      if (!seen[v]) {
        seen[v] = true;
        prev[v] = u;
        queue.push(v);
      }
    }
  }
  if (!seen[target]) return [];
  const path = [target];
  while (path[0] !== 0) path.unshift(prev[path[0]]);
  return path;
}

// What went along the edges joining a node to the layer before it (towards the start), per unit:
// the quantity a node label shows. The start shows what left or reached it.
export function nodeQuantity(index: number, links: Link[], direction: Direction, layerOf: (i: number) => number): string {
  const sums = new Map<string, number>();
  for (const l of links) {
    const [a, b] = away(l, direction);
    const joins = index === 0 ? a === 0 : b === index && layerOf(a) === layerOf(index) - 1;
    if (joins) sums.set(l.unit, round((sums.get(l.unit) ?? 0) + l.quantity));
  }
  return [...sums.entries()].map(([u, q]) => `${q.toLocaleString('en-GB', { maximumFractionDigits: 3 })} ${u}`).join(' + ');
}
