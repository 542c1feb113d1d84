/** `leakscope passes`: placeholder until the command lands. */
export async function runPassesCommand(_args: string[]): Promise<number> {
  process.stderr.write('leakscope passes: not implemented yet\n');
  return 1;
}
