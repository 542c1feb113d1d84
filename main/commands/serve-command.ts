/** `leakscope serve`: placeholder until the command lands. */
export async function runServeCommand(_args: string[]): Promise<number> {
  process.stderr.write('leakscope serve: not implemented yet\n');
  return 1;
}
