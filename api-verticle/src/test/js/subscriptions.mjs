// Subscribes with the graphql-ws client to ledgerEvents of AGENTRY_PROJECT after seq 0 and
// expects AGENTRY_EXPECT events with seqs 1..N in order; prints them as JSON lines.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const { AGENTRY_WS_URL: url, AGENTRY_KEY: key, AGENTRY_PROJECT: project } = process.env;
const expect = Number(process.env.AGENTRY_EXPECT);

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${key}` },
  retryAttempts: 0,
});

const seen = [];
const timer = setTimeout(() => fail(`timed out with seqs ${JSON.stringify(seen)}`), 20000);

function fail(message) {
  console.error(message);
  process.exit(1);
}

const query = `subscription($p: ID!) { ledgerEvents(projectId: $p, afterSeq: 0) { seq type source } }`;
const unsubscribe = client.subscribe(
  { query, variables: { p: project } },
  {
    next: (result) => {
      if (result.errors) fail(JSON.stringify(result.errors));
      const event = result.data.ledgerEvents;
      seen.push(event.seq);
      console.log(JSON.stringify(event));
      if (seen.length === expect) {
        const inOrder = seen.every((s, i) => s === i + 1);
        clearTimeout(timer);
        unsubscribe();
        client.dispose();
        if (!inOrder) fail(`out of order: ${JSON.stringify(seen)}`);
        badKeyClose.then((code) => {
          console.log(JSON.stringify({ badKeyClose: code }));
          process.exit(0);
        });
      }
    },
    error: (err) => fail(`subscription error: ${JSON.stringify(err?.message ?? err)}`),
    complete: () => {},
  },
);

// A key that is not valid must be refused with 4403 by the same server.
const badKeyClose = new Promise((resolve) => {
  const bad = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: 'Bearer agk_invalid' },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
  });
  bad.on('closed', (e) => resolve(e?.code));
});
