import { describe, expect, it } from 'vitest';
import { distances, layoutGenealogy, mergeEdges, nodeQuantity, pathTo, shortestPath } from './genealogy';
import type { Direction, GenealogyEdge } from './types';

const e = (parent: number, child: number, quantity = 1, unit = 'kg'): GenealogyEdge => ({ parent, child, quantity, unit, depth: 1 });
const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ depth: i === 0 ? 0 : 1 }));

describe('mergeEdges', () => {
  const cases: { name: string; edges: GenealogyEdge[]; want: [string, number, number][] }[] = [
    { name: 'none', edges: [], want: [] },
    { name: 'one', edges: [e(0, 1, 2)], want: [['0>1|kg', 2, 1]] },
    { name: 'four portions of one lot', edges: [e(2, 1, 8.665), e(2, 1, 25), e(2, 1, 25), e(2, 1, 25)], want: [['2>1|kg', 83.665, 4]] },
    { name: 'two units stay apart', edges: [e(0, 1, 2, 'kg'), e(0, 1, 3, 'L')], want: [['0>1|kg', 2, 1], ['0>1|L', 3, 1]] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(mergeEdges(c.edges).map((l) => [l.key, l.quantity, l.count])).toEqual(c.want);
    });
  }
});

describe('distances', () => {
  it('ends on a cycle', () => {
    expect(distances(3, [[1], [2], [0]], 0)).toEqual([0, 1, 2]);
  });
  it('marks what it does not reach', () => {
    expect(distances(3, [[1], [], []], 0)).toEqual([0, 1, -1]);
  });
});

// Graphs as the server sends them: node 0 is the start; edges parent → child in material flow.
interface Case {
  name: string;
  n: number;
  edges: GenealogyEdge[];
  direction: Direction;
  target: number;
  columns: number[]; // the layout's column per node
  onPath: number[]; // highlighted nodes
  links: string[]; // highlighted links
  shortest: number[];
}

const cases: Case[] = [
  { name: 'a single node', n: 1, edges: [], direction: 'forward', target: 0, columns: [0], onPath: [0], links: [], shortest: [0] },
  {
    name: 'forward chain lot → batch → lot',
    n: 3, edges: [e(0, 1), e(1, 2)], direction: 'forward', target: 2,
    columns: [0, 1, 2], onPath: [0, 1, 2], links: ['0>1|kg', '1>2|kg'], shortest: [0, 1, 2],
  },
  {
    name: 'backward: the start on the right, the raw lots on the left',
    n: 4, edges: [e(1, 0), e(2, 1), e(3, 1)], direction: 'backward', target: 3,
    columns: [2, 1, 0, 0], onPath: [0, 1, 3], links: ['1>0|kg', '3>1|kg'], shortest: [0, 1, 3],
  },
  {
    name: 'a diamond: both sides are on the path',
    n: 4, edges: [e(0, 1), e(0, 2), e(1, 3), e(2, 3)], direction: 'forward', target: 3,
    columns: [0, 1, 1, 2], onPath: [0, 1, 2, 3], links: ['0>1|kg', '0>2|kg', '1>3|kg', '2>3|kg'], shortest: [0, 1, 3],
  },
  {
    name: 'several paths, one to a side branch',
    n: 5, edges: [e(0, 1), e(0, 2), e(1, 3), e(2, 4)], direction: 'forward', target: 4,
    columns: [0, 1, 1, 2, 2], onPath: [0, 2, 4], links: ['0>2|kg', '2>4|kg'], shortest: [0, 2, 4],
  },
  {
    name: 'a long and a short way to the same node',
    n: 4, edges: [e(0, 1), e(1, 2), e(0, 2), e(2, 3)], direction: 'forward', target: 3,
    columns: [0, 1, 1, 2], onPath: [0, 1, 2, 3], links: ['0>1|kg', '1>2|kg', '0>2|kg', '2>3|kg'], shortest: [0, 2, 3],
  },
  {
    name: 'a cycle does not hang',
    n: 3, edges: [e(0, 1), e(1, 2), e(2, 0)], direction: 'forward', target: 2,
    columns: [0, 1, 2], onPath: [0, 1, 2], links: ['0>1|kg', '1>2|kg', '2>0|kg'], shortest: [0, 1, 2],
  },
  {
    name: 'a self loop does not hang',
    n: 2, edges: [e(0, 1), e(1, 1)], direction: 'forward', target: 1,
    columns: [0, 1], onPath: [0, 1], links: ['0>1|kg'], shortest: [0, 1],
  },
  {
    name: 'the start selected: itself alone',
    n: 3, edges: [e(0, 1), e(1, 2)], direction: 'forward', target: 0,
    columns: [0, 1, 2], onPath: [0], links: [], shortest: [0],
  },
];

describe('layout and path', () => {
  for (const c of cases) {
    it(c.name, () => {
      const links = mergeEdges(c.edges);
      const layout = layoutGenealogy(nodes(c.n), links, c.direction);
      expect(layout.nodes.map((p) => p.column)).toEqual(c.columns);
      // No two nodes overlap.
      const spots = new Set(layout.nodes.map((p) => `${p.x},${p.y}`));
      expect(spots.size).toBe(c.n);
      for (const p of layout.nodes) {
        expect(p.x + layout.nodeWidth).toBeLessThanOrEqual(layout.width);
        expect(p.y + layout.nodeHeight).toBeLessThanOrEqual(layout.height);
      }
      const h = pathTo(c.n, links, c.direction, c.target);
      expect([...h.nodes].sort()).toEqual([...c.onPath].sort());
      expect([...h.links].sort()).toEqual([...c.links].sort());
      expect(shortestPath(c.n, links, c.direction, c.target)).toEqual(c.shortest);
    });
  }

  it('orders a layer by its neighbours so edges do not cross', () => {
    // 0 → 1, 0 → 2; 2 → 3 and 1 → 4: node 4 (child of the upper node 1) goes above node 3.
    const links = mergeEdges([e(0, 1), e(0, 2), e(2, 3), e(1, 4)]);
    const l = layoutGenealogy(nodes(5), links, 'forward');
    expect(l.nodes[4].row).toBeLessThan(l.nodes[3].row);
  });

  it('an unknown target highlights nothing', () => {
    const links = mergeEdges([e(0, 1)]);
    expect(pathTo(2, links, 'forward', 5).nodes.size).toBe(0);
    expect(shortestPath(2, links, 'forward', 5)).toEqual([]);
  });

  it('an empty graph lays out to nothing', () => {
    expect(layoutGenealogy([], [], 'forward').nodes).toEqual([]);
  });
});

describe('nodeQuantity', () => {
  const links = mergeEdges([e(1, 0, 102.3), e(2, 1, 25), e(2, 1, 25), e(3, 1, 2, 'L')]);
  const layer = (i: number) => [0, 1, 2, 2][i];
  const cases: [number, string][] = [
    [0, '102.3 kg'],
    [1, '102.3 kg'],
    [2, '50 kg'],
    [3, '2 L'],
  ];
  for (const [i, want] of cases) {
    it(`node ${i}`, () => expect(nodeQuantity(i, links, 'backward', layer)).toBe(want));
  }
});
