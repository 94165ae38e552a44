import { afterEach, expect, it } from 'vitest';
import { seedDemo } from './seed';
import './seeders';
import { testApp, type TestApp } from '../testing/harness';

let t: TestApp;
afterEach(() => t?.cleanup());

it('puts a short standby list in the demo, in call order', async () => {
  t = testApp({ clockStart: '2021-04-12T08:00:00Z' });
  await seedDemo(t, { invitations: 10 });
  const list = t.core.store.standby.waiting(10);
  expect(list.map((e) => e.familyName)).toEqual(['Vermeulen', 'Lambert', 'Haddad', 'De Smet']);
});
