/** `leakscope index`: placeholder until the command lands. */
export async function runIndexCommand(_args: string[]): Promise<number> {
  process.stderr.write('leakscope index: not implemented yet\n');
  return 1;
}
