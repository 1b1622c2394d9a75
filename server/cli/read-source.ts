// The input of a CLI command that reads a file: a path, or "-" for stdin; a failure is one line.
import { readFile } from 'node:fs/promises';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export async function readSource(source: string, stdin: NodeJS.ReadableStream): Promise<{ text: string } | { error: string }> {
  try {
    return { text: source === '-' ? await readAll(stdin) : await readFile(source, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `cannot read ${source === '-' ? 'stdin' : `"${source}"`}: ${code ?? (e as Error).message}` };
  }
}
