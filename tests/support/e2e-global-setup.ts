import { ensureBuild } from '../../scripts/ensure-build.mjs';

/** HTTP end-to-end tests run against `next start`: build first when there is no current build. */
export default async function setup() {
  await ensureBuild();
}
