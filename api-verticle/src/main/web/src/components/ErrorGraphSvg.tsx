// One error's neighbourhood in the knowledge graph, drawn in three columns: the error, the fixes
// tried for it (most successful first), and the patterns and anti-patterns around them; an edge per
// relation the API lists, a fix's edge as thick as its success rate, anti-patterns in red.
export interface GraphNode {
  kind: 'ERROR' | 'SOLUTION' | 'PATTERN';
  id: string;
  label: string;
  /** SOLUTION: an anti-pattern; PATTERN: kind ANTI_PATTERN. */
  bad: boolean;
  detail: string;
}

export interface GraphEdge {
  relation: 'SOLVED_BY' | 'INSTANCE_OF' | 'EXPLAINS' | 'AVOID_FOR';
  fromKind: GraphNode['kind'];
  fromId: string;
  toKind: GraphNode['kind'];
  toId: string;
  weight: number;
}

const WIDTH = 960;
const NODE_W = 250;
const NODE_H = 42;
const GAP = 16;
const COLUMN_X = { ERROR: 20, SOLUTION: 355, PATTERN: 690 } as const;

const key = (kind: string, id: string) => `${kind}:${id}`;

function clip(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function ErrorGraphSvg({ nodes, edges, selected, onSelect }: {
  nodes: GraphNode[];
  edges: GraphEdge[];
  selected?: string | null;
  onSelect?: (node: GraphNode) => void;
}) {
  const columns = { ERROR: [] as GraphNode[], SOLUTION: [] as GraphNode[], PATTERN: [] as GraphNode[] };
  for (const node of nodes) columns[node.kind].push(node);
  const rows = Math.max(1, columns.SOLUTION.length, columns.PATTERN.length);
  const height = rows * (NODE_H + GAP) + GAP + 20;
  const place = new Map<string, { x: number; y: number }>();
  for (const kind of ['ERROR', 'SOLUTION', 'PATTERN'] as const) {
    const list = columns[kind];
    const top = (height - list.length * (NODE_H + GAP) + GAP) / 2;
    list.forEach((node, i) => place.set(key(kind, node.id), { x: COLUMN_X[kind], y: top + i * (NODE_H + GAP) }));
  }

  return (
    <svg class="error-graph" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="The error, its fixes and patterns">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" class="arrow" />
        </marker>
      </defs>
      {edges.map((edge, i) => {
        const from = place.get(key(edge.fromKind, edge.fromId));
        const to = place.get(key(edge.toKind, edge.toId));
        if (!from || !to) return null;
        // Left to right: leave a node from its right side, enter the other at its left side.
        const forward = from.x <= to.x;
        const x1 = forward ? from.x + NODE_W : from.x;
        const x2 = forward ? to.x : to.x + NODE_W;
        const y1 = from.y + NODE_H / 2;
        const y2 = to.y + NODE_H / 2;
        const bend = Math.max(40, Math.abs(x2 - x1) / 2);
        const path = `M${x1},${y1} C${x1 + (forward ? bend : -bend)},${y1} ${x2 - (forward ? bend : -bend)},${y2} ${x2},${y2}`;
        const width = edge.relation === 'SOLVED_BY' ? 1 + 5 * Math.max(0, Math.min(1, edge.weight)) : 1.5;
        return (
          <g class={`edge rel-${edge.relation.toLowerCase()}`} data-relation={edge.relation} key={i}>
            <path d={path} stroke-width={width} marker-end="url(#arrow)" />
            <title>
              {edge.relation.toLowerCase().replace('_', ' ')} (weight {edge.weight.toFixed(2)})
            </title>
          </g>
        );
      })}
      {nodes.map((node) => {
        const at = place.get(key(node.kind, node.id))!;
        return (
          <g
            class={`graph-node node-${node.kind.toLowerCase()} ${node.bad ? 'bad' : ''} ${selected === node.id ? 'selected' : ''}`}
            data-kind={node.kind}
            data-id={node.id}
            transform={`translate(${at.x},${at.y})`}
            onClick={() => onSelect?.(node)}
            key={key(node.kind, node.id)}
          >
            <rect width={NODE_W} height={NODE_H} rx="6" />
            <text x="10" y="17" class="node-label">
              {clip(node.label)}
            </text>
            <text x="10" y="33" class="node-detail">
              {clip(node.detail, 40)}
            </text>
            <title>{`${node.label}\n${node.detail}`}</title>
          </g>
        );
      })}
    </svg>
  );
}
