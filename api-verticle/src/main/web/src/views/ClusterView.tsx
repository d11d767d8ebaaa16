// The cluster: live nodes with their roles, worker pools with their load (in flight / capacity),
// and the services this node depends on. Read every few seconds (no subscription exists yet).
import { useQuery } from '../api/useQuery';
import { Badge, Empty, Panel, Progress, Time } from '../components/bits';
import { ErrorNotice } from '../components/ErrorNotice';
import type { ViewProps } from './registry';

const CLUSTER = `query Cluster {
  clusterNodes { id roles host httpUrl startedAt local }
  workerPools { nodeId role capacity inFlight draining reportedAt }
  services { name target up detail millis }
}`;

interface Cluster {
  clusterNodes: { id: string; roles: string[]; host: string; httpUrl: string | null; startedAt: string; local: boolean }[];
  workerPools: { nodeId: string; role: string; capacity: number; inFlight: number; draining: boolean; reportedAt: string }[];
  services: { name: string; target: string; up: boolean; detail: string; millis: number }[];
}

export function ClusterView(_: ViewProps) {
  const cluster = useQuery<Cluster>(CLUSTER, {}, { pollMs: 3000 });
  const data = cluster.data;
  return (
    <div class="cluster-layout">
      <ErrorNotice error={cluster.error} />
      <Panel title={`Nodes (${data?.clusterNodes.length ?? 0})`}>
        {data && data.clusterNodes.length === 0 && <Empty>No live nodes.</Empty>}
        <div class="node-grid">
          {data?.clusterNodes.map((node) => {
            const pools = data.workerPools.filter((p) => p.nodeId === node.id);
            const capacity = pools.reduce((n, p) => n + p.capacity, 0);
            const inFlight = pools.reduce((n, p) => n + p.inFlight, 0);
            return (
              <article class="node-card" data-node-id={node.id} key={node.id}>
                <header>
                  <strong title={node.id}>{node.id.slice(0, 8)}</strong>
                  {node.local && <Badge value="this node" kind="local" />}
                  <span class="muted small">{node.host}</span>
                </header>
                <p class="small">
                  {node.roles.map((r) => (
                    <Badge value={r} kind="role" key={r} />
                  ))}
                </p>
                <p class="small muted">
                  up since <Time at={node.startedAt} />
                  {node.httpUrl && <> · {node.httpUrl}</>}
                </p>
                {capacity > 0 && (
                  <>
                    <Progress percent={(100 * inFlight) / capacity} label="node load" />
                    <p class="small">
                      load {inFlight}/{capacity}
                    </p>
                  </>
                )}
              </article>
            );
          })}
        </div>
      </Panel>
      <Panel title="Worker pools">
        {data && data.workerPools.length === 0 ? (
          <Empty>No worker pools report.</Empty>
        ) : (
          <table class="table pools-table">
            <thead>
              <tr>
                <th>Node</th>
                <th>Role</th>
                <th>Load</th>
                <th>In flight / capacity</th>
                <th>Reported</th>
              </tr>
            </thead>
            <tbody>
              {data?.workerPools.map((pool) => (
                <tr data-pool={`${pool.nodeId}/${pool.role}`} key={`${pool.nodeId}/${pool.role}`}>
                  <td title={pool.nodeId}>{pool.nodeId.slice(0, 8)}</td>
                  <td>
                    {pool.role} {pool.draining && <Badge value="draining" />}
                  </td>
                  <td class="load-cell">
                    <Progress percent={pool.capacity ? (100 * pool.inFlight) / pool.capacity : 0} label={`${pool.role} load`} />
                  </td>
                  <td>
                    {pool.inFlight}/{pool.capacity}
                  </td>
                  <td class="small">
                    <Time at={pool.reportedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title="Services">
        <table class="table">
          <tbody>
            {data?.services.map((s) => (
              <tr key={s.name}>
                <td>{s.name}</td>
                <td>
                  <Badge value={s.up ? 'up' : 'down'} />
                </td>
                <td class="small">{s.target}</td>
                <td class="small muted">{s.detail}</td>
                <td class="small">{s.millis} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}
