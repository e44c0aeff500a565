import { readFixture } from '../../support/recorded-fetch';

export { json, recordedFetch } from '../../support/recorded-fetch';

/** A recorded upstream body from tests/fixtures/tokens. */
export const fixture = (name: string): string => readFixture('tokens', name);
