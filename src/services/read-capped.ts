// Reading a byte stream into memory with a cap: used for artifacts and for MLflow's answers.

/** Concatenate a byte stream, giving up (and closing it) as soon as it passes `max` bytes. */
export async function readCapped(
  body: AsyncIterable<Uint8Array> & { destroy?: () => void },
  max: number,
  tooLarge: (bytesSeen: number) => Error,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > max) {
      body.destroy?.();
      throw tooLarge(total);
    }
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(chunks, total);
}
