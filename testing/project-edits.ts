/**
 * Edits a test makes to a project's dazzle.toml, whatever `init` wrote: the example keeps only
 * the keys a user needs, so a test that wants a setting changed adds it when it is absent.
 */

/** The text with `[deploy.tigerbeetle] volume_iops` set; an error when there is no such table. */
export function withVolumeIops(toml: string, iops: number): string {
  const line = `volume_iops = ${iops}`;
  const edited = /^volume_iops = \d+$/m.test(toml)
    ? toml.replace(/^volume_iops = \d+$/m, line)
    : toml.replace(/^\[deploy\.tigerbeetle\]$/m, `[deploy.tigerbeetle]\n${line}`);
  if (edited === toml) throw new Error("dazzle.toml has no [deploy.tigerbeetle] table to change");
  return edited;
}
