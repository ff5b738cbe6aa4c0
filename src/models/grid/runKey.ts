/** Key (file name stem) of the run of `variant` with `seed`. */
export function runKey(variant: string, seed: number): string {
  return `${variant}__seed${seed}`;
}
