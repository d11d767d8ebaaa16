// Runs graphql-http's server audit against AGENTRY_URL with AGENTRY_KEY as the bearer token.
// Prints every result; exits 1 when any MUST audit fails.
import { serverAudits } from 'graphql-http';

const url = process.env.AGENTRY_URL;
const key = process.env.AGENTRY_KEY;
if (!url || !key) {
  console.error('AGENTRY_URL and AGENTRY_KEY are required');
  process.exit(2);
}

const authorised = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${key}`);
  return fetch(input, { ...init, headers });
};

let mustFailures = 0;
for (const audit of serverAudits({ url, fetchFn: authorised })) {
  const result = await audit.fn();
  if (result.status !== 'ok') {
    const must = audit.name.startsWith('MUST');
    if (must) mustFailures++;
    console.log(`${result.status.toUpperCase()} ${audit.name}: ${result.reason}`);
  } else {
    console.log(`ok ${audit.name}`);
  }
}
console.log(`MUST failures: ${mustFailures}`);
process.exit(mustFailures === 0 ? 0 : 1);
